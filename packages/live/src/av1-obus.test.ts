import { expect, it } from 'vitest';
import { av1LowOverheadTemporalUnit } from './av1-obus.ts';

it('gives every OBU a size field and starts the unit with one temporal delimiter', () => {
  // A sequence header OBU with a size (3 bytes), then a frame OBU without one (rest of unit).
  const unit = Buffer.from([0x0a, 0x03, 1, 2, 3, 0x30, 9, 8, 7, 6]);
  expect([...av1LowOverheadTemporalUnit(unit)!]).toEqual([0x12, 0x00, 0x0a, 0x03, 1, 2, 3, 0x32, 0x04, 9, 8, 7, 6]);
});

it('drops a temporal delimiter already in the unit and refuses a truncated one', () => {
  expect([...av1LowOverheadTemporalUnit(Buffer.from([0x12, 0x00, 0x32, 0x01, 5]))!]).toEqual([0x12, 0x00, 0x32, 0x01, 5]);
  expect(av1LowOverheadTemporalUnit(Buffer.from([0x32, 0x05, 1]))).toBeUndefined();
  expect(av1LowOverheadTemporalUnit(Buffer.from([0x80]))).toBeUndefined();
});
