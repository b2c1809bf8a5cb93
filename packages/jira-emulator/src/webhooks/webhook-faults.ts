/**
 * Webhook faults switchable at run time: drop a delivery, deliver it twice (same identifier), hold deliveries and
 * release them reordered, or delay them by emulator time. Each of drop, duplicate and delay hits the `next` N
 * deliveries, then each further delivery with `probability`; draws come from the dispatcher's seeded generator.
 */
import type { SeededRandom } from '../random/seeded-random.ts';
import { isJsonObject } from '../input/json-object.ts';

/** A fault that hits the next `next` deliveries, then each one with `probability` (0..1). */
export interface CountedFault {
  probability: number;
  next: number;
}

export interface WebhookFaults {
  drop: CountedFault;
  duplicate: CountedFault;
  /** Delayed deliveries go out once the emulator clock has moved `ms` forward. */
  delay: CountedFault & { ms: number };
  /** While `batch` > 0, deliveries are held until `batch` of them wait, then released reversed or shuffled. */
  reorder: { batch: number; mode: 'reverse' | 'shuffle' };
}

/** No faults. */
export function noFaults(): WebhookFaults {
  return {
    drop: { probability: 0, next: 0 },
    duplicate: { probability: 0, next: 0 },
    delay: { probability: 0, next: 0, ms: 0 },
    reorder: { batch: 0, mode: 'reverse' },
  };
}

/** Whether a counted fault hits this delivery (consumes one of `next`). */
export function faultHits(fault: CountedFault, random: SeededRandom): boolean {
  if (fault.next > 0) {
    fault.next -= 1;
    return true;
  }
  return fault.probability > 0 && random.next() < fault.probability;
}

function numberIn(value: unknown, name: string, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
    throw new RangeError(`${name} must be a number from ${min} to ${max}`);
  }
  return value;
}

function mergeCounted(target: CountedFault, input: unknown, name: string): void {
  if (input === undefined) return;
  if (!isJsonObject(input)) throw new RangeError(`${name} must be an object like {"probability": 0.5} or {"next": 3}`);
  if (input['probability'] !== undefined)
    target.probability = numberIn(input['probability'], `${name}.probability`, 0, 1);
  if (input['next'] !== undefined)
    target.next = Math.floor(numberIn(input['next'], `${name}.next`, 0, Number.MAX_SAFE_INTEGER));
}

/** Applies a control-API request (`{drop, duplicate, delay, reorder}`, each optional) to `faults`; throws RangeError. */
export function mergeFaults(faults: WebhookFaults, input: Record<string, unknown>): void {
  mergeCounted(faults.drop, input['drop'], 'drop');
  mergeCounted(faults.duplicate, input['duplicate'], 'duplicate');
  mergeCounted(faults.delay, input['delay'], 'delay');
  const delay = input['delay'];
  if (isJsonObject(delay) && delay['ms'] !== undefined)
    faults.delay.ms = numberIn(delay['ms'], 'delay.ms', 0, Number.MAX_SAFE_INTEGER);
  const reorder = input['reorder'];
  if (reorder !== undefined) {
    if (!isJsonObject(reorder)) throw new RangeError('reorder must be an object like {"batch": 3, "mode": "reverse"}');
    if (reorder['batch'] !== undefined)
      faults.reorder.batch = Math.floor(numberIn(reorder['batch'], 'reorder.batch', 0, 10_000));
    if (reorder['mode'] !== undefined) {
      if (reorder['mode'] !== 'reverse' && reorder['mode'] !== 'shuffle')
        throw new RangeError('reorder.mode must be "reverse" or "shuffle"');
      faults.reorder.mode = reorder['mode'];
    }
  }
}
