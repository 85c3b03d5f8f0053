import type { StateContext } from '../types.ts';
import { requireNumber } from './common.ts';

/** Reads one ItemBatcher field: a literal, `{% %}` (JSONata) or its `...Path` twin (JSONPath). */
export type BatcherFieldReader = (field: 'MaxItemsPerBatch' | 'MaxInputBytesPerBatch') => Promise<unknown>;

/** The batches of a Map with an ItemBatcher: how many, and the child input of each. */
export interface MapBatches {
  readonly batches: readonly (readonly number[])[];
  readonly itemInput: (index: number) => Promise<unknown>;
}

/**
 * Cuts the items into batches of at most MaxItemsPerBatch items and MaxInputBytesPerBatch bytes
 * (the UTF-8 JSON of the child's whole input, BatchInput included); a single item over the byte
 * limit still gets a batch of its own. Each child gets `{ BatchInput?, Items }`.
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/input-output-itembatcher.html
 */
export async function batchItems(
  ctx: StateContext,
  count: number,
  readField: BatcherFieldReader,
  batchInput: unknown,
  selected: (index: number) => Promise<unknown>,
): Promise<MapBatches> {
  const maxItems = optionalInteger(ctx, 'ItemBatcher.MaxItemsPerBatch', await readField('MaxItemsPerBatch'));
  const maxBytes = optionalInteger(ctx, 'ItemBatcher.MaxInputBytesPerBatch', await readField('MaxInputBytesPerBatch'));
  const perBatch = Math.max(1, maxItems ?? count);
  const wrap = (members: unknown[]): unknown => (batchInput === undefined ? { Items: members } : { BatchInput: batchInput, Items: members });
  if (maxBytes === undefined) {
    const batches: number[][] = [];
    for (let i = 0; i < count; i += perBatch) batches.push(Array.from({ length: Math.min(perBatch, count - i) }, (_, k) => i + k));
    return { batches, itemInput: async (index) => wrap(await Promise.all(batches[index]!.map(selected))) };
  }
  // Sizes need the selected items, so they are all evaluated up front (Distributed Maps only).
  const members = await Promise.all(Array.from({ length: count }, (_, i) => selected(i)));
  const bytes = (value: unknown): number => Buffer.byteLength(JSON.stringify(value) ?? 'null', 'utf8');
  const emptyBytes = bytes(wrap([]));
  const batches: number[][] = [];
  let current: number[] = [];
  let size = emptyBytes;
  members.forEach((member, index) => {
    // Each further item also adds its separating comma.
    const added = bytes(member) + (current.length > 0 ? 1 : 0);
    if (current.length > 0 && (current.length >= perBatch || size + added > maxBytes)) {
      batches.push(current);
      current = [];
      size = emptyBytes;
    }
    size += bytes(member) + (current.length > 0 ? 1 : 0);
    current.push(index);
  });
  if (current.length > 0) batches.push(current);
  return { batches, itemInput: async (index) => wrap(batches[index]!.map((i) => members[i])) };
}

function optionalInteger(ctx: StateContext, field: string, value: unknown): number | undefined {
  return value === undefined ? undefined : requireNumber(ctx, field, value, { integer: true, min: 0 });
}
