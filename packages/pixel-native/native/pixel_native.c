/*
 * N-API binding for Showflow's native pixel kernels. Calls are synchronous and work on
 * the caller's typed arrays in place: a kernel takes about a millisecond on a 720p frame,
 * less than a hop to libuv's thread pool would cost on a busy 2-core machine
 * (docs/decisions/0027).
 */
#include <node_api.h>
#include "denoise.h"

#define CALL(env, expr)                                                          \
  do {                                                                           \
    if ((expr) != napi_ok) {                                                     \
      napi_throw_error((env), "PIXEL_NAPI", "N-API call failed: " #expr);        \
      return NULL;                                                               \
    }                                                                            \
  } while (0)

/* Data and element count of a typed array of the given type; 0 after throwing a TypeError. */
static int typed_array(napi_env env, napi_value value, napi_typedarray_type want, const char *message, void **data,
                       size_t *length) {
  bool is_typed = false;
  napi_typedarray_type type;
  if (napi_is_typedarray(env, value, &is_typed) != napi_ok || !is_typed ||
      napi_get_typedarray_info(env, value, &type, length, data, NULL, NULL) != napi_ok || type != want) {
    napi_throw_type_error(env, "ERR_INVALID_ARG_TYPE", message);
    return 0;
  }
  return 1;
}

/* denoiseTemporal(src: Uint8Array, dst: Uint8Array, previous: Uint16Array, coef: Int16Array, length: number) */
static napi_value denoise_temporal_js(napi_env env, napi_callback_info info) {
  size_t argc = 5;
  napi_value argv[5];
  CALL(env, napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  void *src, *dst, *previous, *coef;
  size_t src_len, dst_len, previous_len, coef_len;
  if (!typed_array(env, argv[0], napi_uint8_array, "src must be a Uint8Array", &src, &src_len)) return NULL;
  if (!typed_array(env, argv[1], napi_uint8_array, "dst must be a Uint8Array", &dst, &dst_len)) return NULL;
  if (!typed_array(env, argv[2], napi_uint16_array, "previous must be a Uint16Array", &previous, &previous_len)) return NULL;
  if (!typed_array(env, argv[3], napi_int16_array, "coef must be an Int16Array", &coef, &coef_len)) return NULL;
  int64_t length = 0;
  if (napi_get_value_int64(env, argv[4], &length) != napi_ok) {
    napi_throw_type_error(env, "ERR_INVALID_ARG_TYPE", "length must be a number");
    return NULL;
  }
  if (length < 0 || (size_t)length > src_len || (size_t)length > dst_len || (size_t)length > previous_len) {
    napi_throw_range_error(env, "ERR_OUT_OF_RANGE", "length exceeds src, dst or previous");
    return NULL;
  }
  if (coef_len != DENOISE_LUT_ENTRIES) {
    napi_throw_range_error(env, "ERR_OUT_OF_RANGE", "coef must hold 8192 entries");
    return NULL;
  }
  denoise_temporal(src, dst, previous, coef, (size_t)length);
  return NULL;
}

NAPI_MODULE_INIT() {
  napi_value fn;
  CALL(env, napi_create_function(env, "denoiseTemporal", NAPI_AUTO_LENGTH, denoise_temporal_js, NULL, &fn));
  CALL(env, napi_set_named_property(env, exports, "denoiseTemporal", fn));
  return exports;
}
