#include "napi_args.h"

#include <stdio.h>

int get_bytes(napi_env env, napi_value value, const char *name, unsigned char **data, size_t *length) {
  bool is_typed = false;
  napi_typedarray_type type;
  void *ptr = NULL;
  if (napi_is_typedarray(env, value, &is_typed) != napi_ok || !is_typed ||
      napi_get_typedarray_info(env, value, &type, length, &ptr, NULL, NULL) != napi_ok || type != napi_uint8_array) {
    char message[96];
    snprintf(message, sizeof message, "%s must be a Buffer or Uint8Array", name);
    napi_throw_type_error(env, "ERR_INVALID_ARG_TYPE", message);
    return 0;
  }
  *data = (unsigned char *)ptr;
  return 1;
}

int get_int(napi_env env, napi_value value, int fallback, int *out) {
  napi_valuetype kind;
  if (value == NULL || napi_typeof(env, value, &kind) != napi_ok || kind == napi_undefined) {
    *out = fallback;
    return 1;
  }
  if (kind != napi_number || napi_get_value_int32(env, value, out) != napi_ok) {
    napi_throw_type_error(env, "ERR_INVALID_ARG_TYPE", "expected a number");
    return 0;
  }
  return 1;
}

napi_value codec_error(napi_env env, const CodecStatus *status) {
  const char *code = "JPEG_ERROR";
  if (status->result == CODEC_WARNING) code = "JPEG_WARNING";
  if (status->result == CODEC_UNSUPPORTED) code = "JPEG_UNSUPPORTED";
  if (status->result == CODEC_OUT_OF_RANGE) code = "ERR_OUT_OF_RANGE";
  napi_value code_value, message_value, error;
  if (napi_create_string_utf8(env, code, NAPI_AUTO_LENGTH, &code_value) != napi_ok ||
      napi_create_string_utf8(env, status->message, NAPI_AUTO_LENGTH, &message_value) != napi_ok) {
    return NULL;
  }
  const napi_status made = status->result == CODEC_OUT_OF_RANGE ? napi_create_range_error(env, code_value, message_value, &error)
                                                                 : napi_create_error(env, code_value, message_value, &error);
  return made == napi_ok ? error : NULL;
}
