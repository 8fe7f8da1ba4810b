#include "chroma.h"

void chroma_to_420(const unsigned char *src, int src_stride, int fx, int fy, int width, int height, unsigned char *dst) {
  const int cw = (width + 1) / 2;
  const int ch = (height + 1) / 2;
  for (int cy = 0; cy < ch; cy++) {
    const int y0 = 2 * cy;
    const int y1 = y0 + 1 < height ? y0 + 1 : y0;
    const unsigned char *row0 = src + (y0 / fy) * src_stride;
    const unsigned char *row1 = src + (y1 / fy) * src_stride;
    for (int cx = 0; cx < cw; cx++) {
      const int x0 = 2 * cx;
      const int x1 = x0 + 1 < width ? x0 + 1 : x0;
      const int sum = row0[x0 / fx] + row0[x1 / fx] + row1[x0 / fx] + row1[x1 / fx];
      dst[cy * cw + cx] = (unsigned char)((sum + 2) >> 2);
    }
  }
}
