#ifndef SHOWFLOW_CODEC_H
#define SHOWFLOW_CODEC_H

#include <stddef.h>
#include <turbojpeg.h>

/*
 * The codec work itself, apart from the N-API argument handling and error objects
 * around it (jpeg_turbo.c). A handle and its scratch buffers serve one call at a time.
 */

typedef enum { CODEC_OK = 0, CODEC_ERROR, CODEC_WARNING, CODEC_UNSUPPORTED, CODEC_OUT_OF_RANGE, CODEC_NO_MEMORY } CodecResult;

typedef struct {
  CodecResult result;
  char message[256];
} CodecStatus;

/* Grows *buffer to at least `size` bytes (realloc); 0 when out of memory. */
int codec_reserve(unsigned char **buffer, size_t *capacity, size_t size);

/* Reads size, subsampling and colour space without decoding. Returns 1 on success. */
int codec_read_header(tjhandle decoder, const unsigned char *jpeg, size_t length, int *width, int *height, int *subsamp,
                      int *colorspace, CodecStatus *status);

/* Bytes of a width x height I420 frame. */
size_t codec_i420_size(int width, int height);

/*
 * Decodes `jpeg` into the I420 layout at `out` (`out_length` bytes). 4:2:0 and greyscale
 * decode in place; other subsamplings go through `*chroma` (grown as needed) and are
 * resampled. Returns 1 on success with the size and subsampling set.
 */
int codec_decode_i420(tjhandle decoder, const unsigned char *jpeg, size_t length, unsigned char *out, size_t out_length, int flags,
                      unsigned char **chroma, size_t *chroma_capacity, int *width, int *height, int *subsamp, CodecStatus *status);

/*
 * Encodes I420 `data` as a baseline 4:2:0 JPEG into `*jpeg` (a tjAlloc buffer, grown to
 * the worst case as needed). Returns 1 on success with `*size` set.
 */
int codec_encode_i420(tjhandle encoder, const unsigned char *data, size_t length, int width, int height, int quality, int flags,
                      unsigned char **jpeg, unsigned long *jpeg_capacity, unsigned long *size, CodecStatus *status);

#endif
