#ifndef SHOWFLOW_DENOISE_H
#define SHOWFLOW_DENOISE_H

#include <stddef.h>
#include <stdint.h>

/* Difference bins per pixel level are 4 bits, as hqdn3d uses for 8-bit video. */
#define DENOISE_LUT_SHIFT 4
/* Coefficient tables hold 2 * (256 << 4) entries, indexed by the signed bin count wrapped to 13 bits. */
#define DENOISE_LUT_ENTRIES 8192
#define DENOISE_LUT_MASK (DENOISE_LUT_ENTRIES - 1)

/*
 * hqdn3d's temporal step over n bytes: `previous` keeps each byte's running value in 8.8
 * fixed point and moves toward the new sample by the correction `coef` holds for their
 * difference. Writes the rounded result to `dst` and the new running value to `previous`.
 * Bit-identical to the JavaScript path in @showflow/nodes (pixels/denoise.ts).
 */
void denoise_temporal(const uint8_t *src, uint8_t *dst, uint16_t *previous, const int16_t *coef, size_t n);

#endif
