#include "codec.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "chroma.h"

static int fail(CodecStatus *status, CodecResult result, const char *what, const char *detail) {
  status->result = result;
  snprintf(status->message, sizeof status->message, "%s%s%s", what, detail ? ": " : "", detail ? detail : "");
  return 0;
}

static int fail_tj(CodecStatus *status, tjhandle handle, const char *what) {
  const CodecResult result = tjGetErrorCode(handle) == TJERR_WARNING ? CODEC_WARNING : CODEC_ERROR;
  return fail(status, result, what, tjGetErrorStr2(handle));
}

int codec_read_header(tjhandle decoder, const unsigned char *jpeg, size_t length, int *width, int *height, int *subsamp,
                      int *colorspace, CodecStatus *status) {
  if (tjDecompressHeader3(decoder, jpeg, (unsigned long)length, width, height, subsamp, colorspace) != 0) {
    return fail_tj(status, decoder, "JPEG header");
  }
  return 1;
}

int codec_reserve(unsigned char **buffer, size_t *capacity, size_t size) {
  if (*capacity >= size) return 1;
  unsigned char *grown = realloc(*buffer, size);
  if (!grown) return 0;
  *buffer = grown;
  *capacity = size;
  return 1;
}

/* Plane sizes of a width x height I420 frame: chroma planes are ceil(w/2) x ceil(h/2). */
typedef struct {
  size_t luma;
  size_t chroma_width;
  size_t chroma;
} I420Layout;

static I420Layout i420_layout(int width, int height) {
  const size_t cw = ((size_t)width + 1) / 2;
  return (I420Layout){(size_t)width * height, cw, cw * (((size_t)height + 1) / 2)};
}

size_t codec_i420_size(int width, int height) {
  const I420Layout layout = i420_layout(width, height);
  return layout.luma + 2 * layout.chroma;
}

int codec_decode_i420(tjhandle decoder, const unsigned char *jpeg, size_t length, unsigned char *out, size_t out_length, int flags,
                      unsigned char **chroma, size_t *chroma_capacity, int *width, int *height, int *subsamp, CodecStatus *status) {
  int colorspace;
  if (!codec_read_header(decoder, jpeg, length, width, height, subsamp, &colorspace, status)) return 0;
  if (colorspace == TJCS_CMYK || colorspace == TJCS_YCCK || *subsamp < 0) {
    return fail(status, CODEC_UNSUPPORTED, "CMYK/YCCK JPEGs have no YCbCr planes", NULL);
  }
  const int w = *width, h = *height;
  const I420Layout layout = i420_layout(w, h);
  if (out_length < layout.luma + 2 * layout.chroma) return fail(status, CODEC_OUT_OF_RANGE, "out is smaller than the decoded I420 frame", NULL);
  unsigned char *u = out + layout.luma;
  unsigned char *v = u + layout.chroma;

  if (*subsamp == TJSAMP_420 || *subsamp == TJSAMP_GRAY) {
    unsigned char *planes[3] = {out, u, v};
    int strides[3] = {w, (int)layout.chroma_width, (int)layout.chroma_width};
    if (tjDecompressToYUVPlanes(decoder, jpeg, (unsigned long)length, planes, w, strides, h, flags) != 0) {
      return fail_tj(status, decoder, "JPEG decode");
    }
    if (*subsamp == TJSAMP_GRAY) memset(u, 128, 2 * layout.chroma);
    return 1;
  }
  const int pw = tjPlaneWidth(1, w, *subsamp);
  const int ph = tjPlaneHeight(1, h, *subsamp);
  const size_t plane = (size_t)pw * ph;
  if (!codec_reserve(chroma, chroma_capacity, 2 * plane)) return fail(status, CODEC_NO_MEMORY, "out of memory", NULL);
  unsigned char *planes[3] = {out, *chroma, *chroma + plane};
  int strides[3] = {w, pw, pw};
  if (tjDecompressToYUVPlanes(decoder, jpeg, (unsigned long)length, planes, w, strides, h, flags) != 0) {
    return fail_tj(status, decoder, "JPEG decode");
  }
  const int fx = tjMCUWidth[*subsamp] / 8;
  const int fy = tjMCUHeight[*subsamp] / 8;
  chroma_to_420(planes[1], pw, fx, fy, w, h, u);
  chroma_to_420(planes[2], pw, fx, fy, w, h, v);
  return 1;
}

int codec_encode_i420(tjhandle encoder, const unsigned char *data, size_t length, int width, int height, int quality, int flags,
                      unsigned char **jpeg, unsigned long *jpeg_capacity, unsigned long *size, CodecStatus *status) {
  if (width <= 0 || height <= 0 || quality < 1 || quality > 100) {
    return fail(status, CODEC_OUT_OF_RANGE, "width and height must be positive, quality 1..100", NULL);
  }
  const I420Layout layout = i420_layout(width, height);
  if (length < layout.luma + 2 * layout.chroma) return fail(status, CODEC_OUT_OF_RANGE, "data is smaller than width x height I420", NULL);
  const unsigned long capacity = tjBufSize(width, height, TJSAMP_420);
  if (*jpeg_capacity < capacity) {
    if (*jpeg) tjFree(*jpeg);
    *jpeg = tjAlloc((int)capacity);
    *jpeg_capacity = *jpeg ? capacity : 0;
    if (!*jpeg) return fail(status, CODEC_NO_MEMORY, "out of memory", NULL);
  }
  const unsigned char *planes[3] = {data, data + layout.luma, data + layout.luma + layout.chroma};
  int strides[3] = {width, (int)layout.chroma_width, (int)layout.chroma_width};
  *size = *jpeg_capacity;
  if (tjCompressFromYUVPlanes(encoder, planes, width, strides, height, TJSAMP_420, jpeg, size, quality, flags | TJFLAG_NOREALLOC) != 0) {
    return fail_tj(status, encoder, "JPEG encode");
  }
  return 1;
}
