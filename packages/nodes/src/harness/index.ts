export { createHarness, type NodeHarness, type HarnessOptions, type Emission, type HarnessStatus, type HarnessLog } from './harness.ts';
export { createTestAllocator, type TestAllocator } from './allocator.ts';
export { makeTestFrame, makeTestJpeg, makeJpegFrame, type TestFrameOptions } from './test-frames.ts';
