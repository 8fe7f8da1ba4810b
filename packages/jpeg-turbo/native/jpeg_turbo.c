/*
 * N-API binding over TurboJPEG 2.x: JPEG <-> planar I420 (Y, then U, then V, each plane
 * tightly packed, chroma ceil(w/2) x ceil(h/2)). Working in the codec's own YCbCr 4:2:0
 * skips the colour conversion and chroma resampling that an RGB round trip pays on both
 * sides. Calls are synchronous: on the 2-core glass-to-glass benchmark, running them on
 * libuv's thread pool made latency worse (p50 168–206 ms against 131–164 ms, three A/B
 * pairs) — the hop to a busy core costs more than the few milliseconds the event loop waits.
 */
#include <node_api.h>
#include <turbojpeg.h>
#include <stdlib.h>
#include "codec.h"
#include "napi_args.h"

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

static napi_value throw_codec(napi_env env, const CodecStatus *status) {
  napi_value error = codec_error(env, status);
  if (error) napi_throw(env, error);
  else napi_throw_error(env, "JPEG_ERROR", status->message);
  return NULL;
}

/*
 * A handle that failed mid-image (corrupt or truncated data) is not reliable for the next
 * image: libjpeg-turbo 2.1 then misread every following header. It is replaced.
 */
static void discard_decoder(napi_env env) {
  Instance *inst = instance(env);
  if (inst->decoder) tjDestroy(inst->decoder);
  inst->decoder = NULL;
}

static void discard_encoder(napi_env env) {
  Instance *inst = instance(env);
  if (inst->encoder) tjDestroy(inst->encoder);
  inst->encoder = NULL;
}

static tjhandle decoder(napi_env env) {
  Instance *inst = instance(env);
  if (!inst->decoder && !(inst->decoder = tjInitDecompress())) napi_throw_error(env, "JPEG_ERROR", tjGetErrorStr2(NULL));
  return inst->decoder;
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
  tjhandle dec = decoder(env);
  if (!dec) return NULL;
  int width, height, subsamp, colorspace;
  CodecStatus status = {CODEC_OK, ""};
  if (!codec_read_header(dec, jpeg, length, &width, &height, &subsamp, &colorspace, &status)) {
    discard_decoder(env);
    return throw_codec(env, &status);
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
  tjhandle dec = decoder(env);
  if (!dec) return NULL;
  Instance *inst = instance(env);

  int width, height, subsamp, colorspace;
  CodecStatus status = {CODEC_OK, ""};
  napi_value data;
  unsigned char *out;
  size_t out_length;
  napi_valuetype out_kind = napi_undefined;
  if (argc > 1) CALL(env, napi_typeof(env, argv[1], &out_kind));
  if (out_kind != napi_undefined && out_kind != napi_null) {
    if (!get_bytes(env, argv[1], "out", &out, &out_length)) return NULL;
    data = argv[1];
  } else {
    /* Only a buffer made here needs the size up front; the decode reads the header anyway. */
    if (!codec_read_header(dec, jpeg, length, &width, &height, &subsamp, &colorspace, &status)) {
      discard_decoder(env);
      return throw_codec(env, &status);
    }
    void *ptr;
    out_length = codec_i420_size(width, height);
    CALL(env, napi_create_buffer(env, out_length, &ptr, &data));
    out = (unsigned char *)ptr;
  }
  if (!codec_decode_i420(dec, jpeg, length, out, out_length, flags, &inst->chroma, &inst->chroma_capacity, &width, &height, &subsamp, &status)) {
    discard_decoder(env);
    return throw_codec(env, &status);
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
  if (argc < 4) {
    napi_throw_type_error(env, "ERR_MISSING_ARGS", "encodeI420(data, width, height, quality) needs four arguments");
    return NULL;
  }
  if (!get_bytes(env, argv[0], "data", &data, &length) || !get_int(env, argv[1], 0, &width) || !get_int(env, argv[2], 0, &height) ||
      !get_int(env, argv[3], 0, &quality) || !get_int(env, argc > 4 ? argv[4] : NULL, 0, &flags)) {
    return NULL;
  }
  Instance *inst = instance(env);
  if (!inst->encoder && !(inst->encoder = tjInitCompress())) {
    napi_throw_error(env, "JPEG_ERROR", tjGetErrorStr2(NULL));
    return NULL;
  }
  CodecStatus status = {CODEC_OK, ""};
  unsigned long size;
  if (!codec_encode_i420(inst->encoder, data, length, width, height, quality, flags, &inst->jpeg, &inst->jpeg_capacity, &size, &status)) {
    discard_encoder(env);
    return throw_codec(env, &status);
  }
  napi_value result;
  CALL(env, napi_create_buffer_copy(env, size, inst->jpeg, NULL, &result));
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
