#ifndef SHOWFLOW_NAPI_ARGS_H
#define SHOWFLOW_NAPI_ARGS_H

#include <node_api.h>
#include "codec.h"

#define CALL(env, expr)                                                  \
  do {                                                                   \
    if ((expr) != napi_ok) {                                             \
      napi_throw_error((env), "JPEG_NAPI", "N-API call failed: " #expr); \
      return NULL;                                                       \
    }                                                                    \
  } while (0)

/* Bytes of a Uint8Array (Buffers included); 0 after throwing a TypeError. */
int get_bytes(napi_env env, napi_value value, const char *name, unsigned char **data, size_t *length);

/* An int32 argument, `fallback` when undefined or missing; 0 after throwing a TypeError. */
int get_int(napi_env env, napi_value value, int fallback, int *out);

/*
 * The JS error for a failed codec call: Error with code JPEG_ERROR, JPEG_WARNING or
 * JPEG_UNSUPPORTED, RangeError with ERR_OUT_OF_RANGE for sizes and quality. NULL when
 * even creating the error failed.
 */
napi_value codec_error(napi_env env, const CodecStatus *status);

#endif
