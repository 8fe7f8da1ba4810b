/*
 * N-API binding over TurboJPEG 2.x: JPEG <-> planar I420 (Y, then U, then V, each plane
 * tightly packed, chroma ceil(w/2) x ceil(h/2)). Working in the codec's own YCbCr 4:2:0
 * skips the colour conversion and chroma resampling that an RGB round trip pays on both
 * sides. Calls are synchronous: a 720p decode or encode is a few milliseconds, less
 * than the hop to a worker thread and back would cost the one-core pipeline.
 */
#include <node_api.h>
#include <turbojpeg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "chroma.h"

typedef struct {
  tjhandle decoder;
  tjhandle encoder;
  /* Worst-case JPEG buffer for the last encode size; TJFLAG_NOREALLOC writes into it. */
  unsigned char *jpeg;
  unsigned long jpeg_capacity;
  /* Chroma planes of a non-4:2:0 JPEG before they are resampled. */
  unsigned char *chroma;
  size_t chroma_capacity;
} Instance;

#define CALL(env, expr)                                              \
  do {                                                               \
    if ((expr) != napi_ok) {                                         \
      napi_throw_error((env), "JPEG_NAPI", "N-API call failed: " #expr); \
      return NULL;                                                   \
    }                                                                \
  } while (0)

static void instance_free(napi_env env, void *data, void *hint) {
  Instance *inst = (Instance *)data;
  if (inst->decoder) tjDestroy(inst->decoder);
  if (inst->encoder) tjDestroy(inst->encoder);
  if (inst->jpeg) tjFree(inst->jpeg);
  free(inst->chroma);
  free(inst);
}

static Instance *instance(napi_env env) {
  Instance *inst = NULL;
  if (napi_get_instance_data(env, (void **)&inst) != napi_ok) return NULL;
  return inst;
}

/* Bytes of a Uint8Array (Buffers included); false after throwing a TypeError. */
static int get_bytes(napi_env env, napi_value value, const char *name, unsigned char **data, size_t *length) {
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

static int get_int(napi_env env, napi_value value, int fallback, int *out) {
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

static napi_value throw_tj(napi_env env, tjhandle handle, const char *what) {
  char message[256];
  const int warning = tjGetErrorCode(handle) == TJERR_WARNING;
  snprintf(message, sizeof message, "%s: %s", what, tjGetErrorStr2(handle));
  napi_throw_error(env, warning ? "JPEG_WARNING" : "JPEG_ERROR", message);
  return NULL;
}

static napi_value set_int(napi_env env, napi_value object, const char *key, int value) {
  napi_value v;
  if (napi_create_int32(env, value, &v) != napi_ok || napi_set_named_property(env, object, key, v) != napi_ok) return NULL;
  return object;
}

/* header(jpeg) -> { width, height, subsamp, colorspace } without decoding. */
static napi_value header(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  CALL(env, napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  unsigned char *jpeg;
  size_t length;
  if (argc < 1 || !get_bytes(env, argv[0], "jpeg", &jpeg, &length)) return NULL;
  Instance *inst = instance(env);
  if (!inst->decoder && !(inst->decoder = tjInitDecompress())) {
    napi_throw_error(env, "JPEG_ERROR", tjGetErrorStr2(NULL));
    return NULL;
  }
  int width, height, subsamp, colorspace;
  if (tjDecompressHeader3(inst->decoder, jpeg, (unsigned long)length, &width, &height, &subsamp, &colorspace) != 0) {
    return throw_tj(env, inst->decoder, "JPEG header");
  }
  napi_value result;
  CALL(env, napi_create_object(env, &result));
  if (!set_int(env, result, "width", width) || !set_int(env, result, "height", height) ||
      !set_int(env, result, "subsamp", subsamp) || !set_int(env, result, "colorspace", colorspace)) {
    return NULL;
  }
  return result;
}

/*
 * decodeToI420(jpeg, out?, flags?) -> { width, height, subsamp, data }. 4:2:0 JPEGs are
 * decoded straight into the I420 layout; greyscale gets neutral chroma; 4:4:4, 4:2:2,
 * 4:4:0 and 4:1:1 are resampled to 4:2:0. CMYK/YCCK are refused (JPEG_UNSUPPORTED).
 */
static napi_value decode_to_i420(napi_env env, napi_callback_info info) {
  size_t argc = 3;
  napi_value argv[3] = {NULL, NULL, NULL};
  CALL(env, napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  unsigned char *jpeg;
  size_t length;
  int flags;
  if (argc < 1 || !get_bytes(env, argv[0], "jpeg", &jpeg, &length)) return NULL;
  if (!get_int(env, argc > 2 ? argv[2] : NULL, 0, &flags)) return NULL;
  Instance *inst = instance(env);
  if (!inst->decoder && !(inst->decoder = tjInitDecompress())) {
    napi_throw_error(env, "JPEG_ERROR", tjGetErrorStr2(NULL));
    return NULL;
  }
  tjhandle dec = inst->decoder;
  int width, height, subsamp, colorspace;
  if (tjDecompressHeader3(dec, jpeg, (unsigned long)length, &width, &height, &subsamp, &colorspace) != 0) {
    return throw_tj(env, dec, "JPEG header");
  }
  if (colorspace == TJCS_CMYK || colorspace == TJCS_YCCK || subsamp < 0) {
    napi_throw_error(env, "JPEG_UNSUPPORTED", "CMYK/YCCK JPEGs have no YCbCr planes");
    return NULL;
  }
  const size_t cw = ((size_t)width + 1) / 2;
  const size_t ch = ((size_t)height + 1) / 2;
  const size_t luma = (size_t)width * height;
  const size_t total = luma + 2 * cw * ch;

  napi_value data;
  unsigned char *out;
  napi_valuetype out_kind = napi_undefined;
  if (argc > 1) CALL(env, napi_typeof(env, argv[1], &out_kind));
  if (out_kind != napi_undefined && out_kind != napi_null) {
    size_t out_length;
    if (!get_bytes(env, argv[1], "out", &out, &out_length)) return NULL;
    if (out_length < total) {
      napi_throw_range_error(env, "ERR_OUT_OF_RANGE", "out is smaller than the decoded I420 frame");
      return NULL;
    }
    data = argv[1];
  } else {
    void *ptr;
    CALL(env, napi_create_buffer(env, total, &ptr, &data));
    out = (unsigned char *)ptr;
  }
  unsigned char *u = out + luma;
  unsigned char *v = u + cw * ch;

  if (subsamp == TJSAMP_420 || subsamp == TJSAMP_GRAY) {
    unsigned char *planes[3] = {out, u, v};
    int strides[3] = {width, (int)cw, (int)cw};
    if (tjDecompressToYUVPlanes(dec, jpeg, (unsigned long)length, planes, width, strides, height, flags) != 0) {
      return throw_tj(env, dec, "JPEG decode");
    }
    if (subsamp == TJSAMP_GRAY) memset(u, 128, 2 * cw * ch);
  } else {
    const int pw = tjPlaneWidth(1, width, subsamp);
    const int ph = tjPlaneHeight(1, height, subsamp);
    const size_t plane = (size_t)pw * ph;
    if (inst->chroma_capacity < 2 * plane) {
      unsigned char *grown = realloc(inst->chroma, 2 * plane);
      if (!grown) {
        napi_throw_error(env, "JPEG_ERROR", "out of memory");
        return NULL;
      }
      inst->chroma = grown;
      inst->chroma_capacity = 2 * plane;
    }
    unsigned char *planes[3] = {out, inst->chroma, inst->chroma + plane};
    int strides[3] = {width, pw, pw};
    if (tjDecompressToYUVPlanes(dec, jpeg, (unsigned long)length, planes, width, strides, height, flags) != 0) {
      return throw_tj(env, dec, "JPEG decode");
    }
    const int fx = tjMCUWidth[subsamp] / 8;
    const int fy = tjMCUHeight[subsamp] / 8;
    chroma_to_420(planes[1], pw, fx, fy, width, height, u);
    chroma_to_420(planes[2], pw, fx, fy, width, height, v);
  }

  napi_value result;
  CALL(env, napi_create_object(env, &result));
  if (!set_int(env, result, "width", width) || !set_int(env, result, "height", height) || !set_int(env, result, "subsamp", subsamp)) {
    return NULL;
  }
  CALL(env, napi_set_named_property(env, result, "data", data));
  return result;
}

/* encodeI420(data, width, height, quality, flags?) -> Buffer holding a baseline 4:2:0 JPEG. */
static napi_value encode_i420(napi_env env, napi_callback_info info) {
  size_t argc = 5;
  napi_value argv[5] = {NULL, NULL, NULL, NULL, NULL};
  CALL(env, napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  unsigned char *data;
  size_t length;
  int width, height, quality, flags;
  if (argc < 4 || !get_bytes(env, argv[0], "data", &data, &length)) {
    if (argc < 4) napi_throw_type_error(env, "ERR_MISSING_ARGS", "encodeI420(data, width, height, quality) needs four arguments");
    return NULL;
  }
  if (!get_int(env, argv[1], 0, &width) || !get_int(env, argv[2], 0, &height) || !get_int(env, argv[3], 0, &quality) ||
      !get_int(env, argc > 4 ? argv[4] : NULL, 0, &flags)) {
    return NULL;
  }
  if (width <= 0 || height <= 0 || quality < 1 || quality > 100) {
    napi_throw_range_error(env, "ERR_OUT_OF_RANGE", "width and height must be positive, quality 1..100");
    return NULL;
  }
  const size_t cw = ((size_t)width + 1) / 2;
  const size_t ch = ((size_t)height + 1) / 2;
  const size_t luma = (size_t)width * height;
  if (length < luma + 2 * cw * ch) {
    napi_throw_range_error(env, "ERR_OUT_OF_RANGE", "data is smaller than width x height I420");
    return NULL;
  }
  Instance *inst = instance(env);
  if (!inst->encoder && !(inst->encoder = tjInitCompress())) {
    napi_throw_error(env, "JPEG_ERROR", tjGetErrorStr2(NULL));
    return NULL;
  }
  const unsigned long capacity = tjBufSize(width, height, TJSAMP_420);
  if (inst->jpeg_capacity < capacity) {
    if (inst->jpeg) tjFree(inst->jpeg);
    inst->jpeg = tjAlloc((int)capacity);
    inst->jpeg_capacity = inst->jpeg ? capacity : 0;
    if (!inst->jpeg) {
      napi_throw_error(env, "JPEG_ERROR", "out of memory");
      return NULL;
    }
  }
  const unsigned char *planes[3] = {data, data + luma, data + luma + cw * ch};
  int strides[3] = {width, (int)cw, (int)cw};
  unsigned char *jpeg = inst->jpeg;
  unsigned long size = inst->jpeg_capacity;
  if (tjCompressFromYUVPlanes(inst->encoder, planes, width, strides, height, TJSAMP_420, &jpeg, &size, quality, flags | TJFLAG_NOREALLOC) != 0) {
    return throw_tj(env, inst->encoder, "JPEG encode");
  }
  napi_value result;
  CALL(env, napi_create_buffer_copy(env, size, jpeg, NULL, &result));
  return result;
}

static napi_value init(napi_env env, napi_value exports) {
  Instance *inst = calloc(1, sizeof(Instance));
  if (!inst) return NULL;
  CALL(env, napi_set_instance_data(env, inst, instance_free, NULL));
  napi_property_descriptor props[] = {
      {"header", NULL, header, NULL, NULL, NULL, napi_enumerable, NULL},
      {"decodeToI420", NULL, decode_to_i420, NULL, NULL, NULL, napi_enumerable, NULL},
      {"encodeI420", NULL, encode_i420, NULL, NULL, NULL, napi_enumerable, NULL},
  };
  CALL(env, napi_define_properties(env, exports, sizeof props / sizeof props[0], props));
  napi_value flag;
  CALL(env, napi_create_int32(env, TJFLAG_FASTDCT, &flag));
  CALL(env, napi_set_named_property(env, exports, "FLAG_FASTDCT", flag));
  CALL(env, napi_create_int32(env, TJFLAG_ACCURATEDCT, &flag));
  CALL(env, napi_set_named_property(env, exports, "FLAG_ACCURATEDCT", flag));
  return exports;
}

NAPI_MODULE_INIT() {
  return init(env, exports);
}
