import { StatesErrors } from '../../../contracts/statesErrors.ts';
import { jsonataScope, pathScope } from '../context.ts';
import { EngineFailure } from '../failures.ts';
import { evaluateJsonataField } from '../io/finish.ts';
import { applyInputPath, applyTemplate, readPathField } from '../io/jsonPath.ts';
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
export async function planMap(ctx: StateContext, input: unknown, context: Record<string, unknown>): Promise<MapPlan> {
  const { state } = ctx;
  const selector = state.ItemSelector ?? state.Parameters;
  const batcher = state.ItemBatcher as Record<string, unknown> | undefined;
  // A Distributed Map's ItemReader replaces ItemsPath / Items (read through the task invoker).
  const reader = state.ItemReader as Record<string, unknown> | undefined;
  let items: unknown;
  let read: (field: string, value: unknown) => Promise<unknown>;
  let template: (field: string, value: unknown) => Promise<unknown>;
  let select: (item: unknown, index: number) => Promise<unknown>;
  if (ctx.queryLanguage === 'JSONata') {
    const scope = jsonataScope(ctx, context, input);
    read = (field, value) => evaluateJsonataField(ctx, field, value, scope);
    template = read;
    items = reader !== undefined
      ? await readItems(ctx, await readerWithConfig(reader, read), await read('ItemReader.Arguments', reader.Arguments))
      : state.Items === undefined ? input : await read('Items', state.Items);
    select = (item, index) => {
      const itemContext = { ...context, Map: { Item: { Index: index, Value: item } } };
      return evaluateJsonataField(ctx, 'ItemSelector', selector, jsonataScope(ctx, itemContext, input));
    };
  } else {
    const scope = pathScope(ctx, context);
    const effective = applyInputPath(ctx, input, scope);
    read = async (field, value) => (state[`${field}Path`] !== undefined ? readPathField(ctx, `${field}Path`, effective, scope) : value);
    template = async (field, value) => applyTemplate(ctx, field, value, effective, scope);
    items = reader !== undefined
      ? await readItems(ctx, await readerWithConfig(reader, template), await template('ItemReader.Parameters', reader.Parameters))
      : state.ItemsPath === undefined ? effective : readPathField(ctx, 'ItemsPath', effective, scope);
    select = async (item, index) => {
      const itemContext = { ...context, Map: { Item: { Index: index, Value: item } } };
      return applyTemplate(ctx, 'ItemSelector', selector, effective, pathScope(ctx, itemContext));
    };
  }
  if (!Array.isArray(items)) {
    const got = JSON.stringify(items)?.slice(0, 80) ?? 'undefined';
    const note = items !== null && typeof items === 'object' ? ' (iterating over the key-value pairs of a JSON object is not supported locally)' : '';
    throw runtimeFailure(ctx, `the Map items must be a JSON array${note}, got ${got}.`);
  }
  const maxConcurrency = optionalNumber(ctx, 'MaxConcurrency', await read('MaxConcurrency', state.MaxConcurrency)) ?? 0;
  const toleratedCount = optionalNumber(ctx, 'ToleratedFailureCount', await read('ToleratedFailureCount', state.ToleratedFailureCount));
  const toleratedPercentage = optionalNumber(
    ctx, 'ToleratedFailurePercentage', await read('ToleratedFailurePercentage', state.ToleratedFailurePercentage), false,
  );
  const writerField = ctx.queryLanguage === 'JSONata' ? 'Arguments' : 'Parameters';
  const resultWriter = state.ResultWriter as Record<string, unknown> | undefined;
  const writerValue = resultWriter === undefined ? undefined : await template(`ResultWriter.${writerField}`, resultWriter[writerField] ?? {});
  const writer = writerValue === undefined ? undefined : (writerValue as Record<string, unknown>);
  const selected = (index: number): Promise<unknown> =>
    selector === undefined ? Promise.resolve(items[index]) : select(items[index], index);
  if (batcher === undefined) {
    return { items, maxConcurrency, toleratedCount, toleratedPercentage, writer, itemInput: selected };
  }
  const batchInput = batcher.BatchInput === undefined ? undefined : await template('ItemBatcher.BatchInput', batcher.BatchInput);
  const readField: BatcherFieldReader = async (field) => {
    const path = batcher[`${field}Path`];
    // `MaxItemsPerBatchPath` (JSONPath): a reference path into the effective input.
    if (path !== undefined) return ((await template(`ItemBatcher.${field}Path`, { 'value.$': path })) as { value: unknown }).value;
    return batcher[field] === undefined ? undefined : read(`ItemBatcher.${field}`, batcher[field]);
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
