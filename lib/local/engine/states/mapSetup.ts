import type { StateData } from '../io/StateIo.ts';
import type { StateContext } from '../types.ts';
import { requireNumber, runtimeFailure } from './common.ts';
import { readItems } from './distributedMapItemReader.ts';
import { batchItems, type BatcherFieldReader } from './mapBatches.ts';

/** What a Map state iterates over and how, after its fields were evaluated. */
export interface MapPlan {
  readonly items: readonly unknown[];
  readonly maxConcurrency: number;
  readonly toleratedCount?: number;
  readonly toleratedPercentage?: number;
  /** A Distributed Map's evaluated `ResultWriter` Parameters / Arguments, when it has a ResultWriter. */
  readonly writer?: Record<string, unknown>;
  /** The input of iteration `index` (ItemSelector / legacy Parameters applied). */
  readonly itemInput: (index: number) => Promise<unknown>;
}

/**
 * Evaluates a Map state's items (ItemsPath / Items), ItemSelector (or legacy Parameters),
 * ItemBatcher, MaxConcurrency and tolerated-failure fields, in either query language.
 * A Distributed Map's ItemReader reads its items through the task invoker (distributedMapItemReader.ts).
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/state-map-inline.html
 */
export async function planMap(ctx: StateContext, data: StateData): Promise<MapPlan> {
  const { state } = ctx;
  const selector = state.ItemSelector ?? state.Parameters;
  const batcher = state.ItemBatcher as Record<string, unknown> | undefined;
  // A Distributed Map's ItemReader replaces ItemsPath / Items (read through the task invoker).
  const reader = state.ItemReader as Record<string, unknown> | undefined;
  const argumentsField = ctx.io.argumentsField;
  const template = async (field: string, value: unknown): Promise<unknown> => data.template(field, value);
  const items = reader !== undefined
    ? await readItems(ctx, await readerWithConfig(reader, template), await template(`ItemReader.${argumentsField}`, reader[argumentsField]))
    : await data.items();
  if (reader === undefined && ctx.io.language === 'JSONPath') ctx.runtime.inspector?.(ctx, 'afterItemsPath', items);
  if (!Array.isArray(items)) {
    const got = JSON.stringify(items)?.slice(0, 80) ?? 'undefined';
    const note = items !== null && typeof items === 'object' ? ' (iterating over the key-value pairs of a JSON object is not supported locally)' : '';
    throw runtimeFailure(ctx, `the Map items must be a JSON array${note}, got ${got}.`);
  }
  const maxConcurrency = optionalNumber(ctx, 'MaxConcurrency', await data.field('MaxConcurrency')) ?? 0;
  const toleratedCount = optionalNumber(ctx, 'ToleratedFailureCount', await data.field('ToleratedFailureCount'));
  const toleratedPercentage = optionalNumber(ctx, 'ToleratedFailurePercentage', await data.field('ToleratedFailurePercentage'), false);
  const resultWriter = state.ResultWriter as Record<string, unknown> | undefined;
  const writerValue = resultWriter === undefined ? undefined : await template(`ResultWriter.${argumentsField}`, resultWriter[argumentsField] ?? {});
  const writer = writerValue === undefined ? undefined : (writerValue as Record<string, unknown>);
  const selected = async (index: number): Promise<unknown> => (selector === undefined ? items[index] : data.selectItem(selector, items[index], index));
  if (batcher === undefined) {
    return { items, maxConcurrency, toleratedCount, toleratedPercentage, writer, itemInput: selected };
  }
  const batchInput = batcher.BatchInput === undefined ? undefined : await template('ItemBatcher.BatchInput', batcher.BatchInput);
  const readField: BatcherFieldReader = async (field) => {
    const path = batcher[`${field}Path`];
    // `MaxItemsPerBatchPath` (JSONPath): a reference path into the effective input.
    if (path !== undefined) return ((await template(`ItemBatcher.${field}Path`, { 'value.$': path })) as { value: unknown }).value;
    return data.value(`ItemBatcher.${field}`, batcher[field]);
  };
  const { batches, itemInput } = await batchItems(ctx, items.length, readField, batchInput, selected);
  return { items: batches, maxConcurrency, toleratedCount, toleratedPercentage, writer, itemInput };
}

/**
 * The ItemReader with `ReaderConfig.MaxItems` evaluated: `{% %}` in JSONata, `MaxItemsPath` (a
 * reference path into the effective input) in JSONPath.
 */
async function readerWithConfig(
  reader: Record<string, unknown>,
  evaluate: (field: string, value: unknown) => Promise<unknown>,
): Promise<Record<string, unknown>> {
  const config = reader.ReaderConfig as Record<string, unknown> | undefined;
  if (config === undefined || (config.MaxItems === undefined && config.MaxItemsPath === undefined)) return reader;
  const maxItems = config.MaxItemsPath !== undefined
    ? ((await evaluate('ItemReader.ReaderConfig.MaxItemsPath', { 'value.$': config.MaxItemsPath })) as { value: unknown }).value
    : await evaluate('ItemReader.ReaderConfig.MaxItems', config.MaxItems);
  return { ...reader, ReaderConfig: { ...config, MaxItems: maxItems } };
}

function optionalNumber(ctx: StateContext, field: string, value: unknown, integer = true): number | undefined {
  return value === undefined ? undefined : requireNumber(ctx, field, value, { integer, min: 0 });
}
