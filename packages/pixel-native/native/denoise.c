#include "denoise.h"

/* No `restrict`: src and dst may be the same buffer (each byte is read before it is written). */
void denoise_temporal(const uint8_t *src, uint8_t *dst, uint16_t *previous, const int16_t *coef, size_t n) {
  for (size_t i = 0; i < n; i++) {
    int cur = src[i] << 8;
    /* gcc shifts negative ints arithmetically, as JavaScript's >> does. */
    int value = cur + coef[((previous[i] - cur) >> DENOISE_LUT_SHIFT) & DENOISE_LUT_MASK];
    previous[i] = (uint16_t)value;
    dst[i] = (uint8_t)((value + 0x7f) >> 8);
  }
}
