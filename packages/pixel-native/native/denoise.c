#include "denoise.h"

void denoise_temporal(const uint8_t *restrict src, uint8_t *restrict dst, uint16_t *restrict previous,
                      const int16_t *restrict coef, size_t n) {
  for (size_t i = 0; i < n; i++) {
    int cur = src[i] << 8;
    /* gcc shifts negative ints arithmetically, as JavaScript's >> does. */
    int value = cur + coef[((previous[i] - cur) >> DENOISE_LUT_SHIFT) & DENOISE_LUT_MASK];
    previous[i] = (uint16_t)value;
    dst[i] = (uint8_t)((value + 0x7f) >> 8);
  }
}
