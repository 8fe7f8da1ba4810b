#ifndef SHOWFLOW_CHROMA_H
#define SHOWFLOW_CHROMA_H

/*
 * Resamples one chroma plane of a JPEG whose subsampling is not 4:2:0 onto the 4:2:0
 * grid: each output sample is the rounded mean of the source samples under its 2x2
 * block of luma pixels. fx/fy are how many luma pixels share one source sample
 * (1, 2 or 4 across, 1 or 2 down).
 */
void chroma_to_420(const unsigned char *src, int src_stride, int fx, int fy, int width, int height, unsigned char *dst);

#endif
