import type { HrTime, TimeInput } from '@opentelemetry/api';
import { hrTime, timeInputToHrTime } from '@opentelemetry/core';

/**
 * Every RUM span's times on one clock (time origin + performance time). The SDK's default mixes
 * Date.now() at span start with performance time, so a child could appear to end after its parent.
 */
export function toHrTime(time?: TimeInput): HrTime {
  if (time === undefined) return hrTime();
  return typeof time === 'number' && time <= performance.now() ? hrTime(time) : timeInputToHrTime(time);
}
