import { describe, it, expect } from 'vitest';
import { applyPayloadTemplate, type PathScope } from '../../../../lib/local/jsonpath/index.ts';
import { thrown } from '../../../helpers/thrown.ts';

const scope: PathScope = {
  context: {
    Execution: { Id: 'arn:aws:states:us-east-1:123456789012:execution:stateMachineName:executionName' },
    Map: { Item: { Index: 1, Value: { who: 'meg' } } },
  },
  variables: { productName: 'widget' },
  random: () => 0,
};

describe('Function: applyPayloadTemplate', () => {
  it('selects values with `.$` keys and keeps literals (InputPath and Parameters > Parameters)', () => {
    const input = {
      comment: 'Example for Parameters.',
      product: {
        details: { color: 'blue', size: 'small', material: 'cotton' },
        availability: 'in stock',
        sku: '2317',
        cost: '$23',
      },
    };
    const template = {
      comment: 'Selecting what I care about.',
      MyDetails: { 'size.$': '$.product.details.size', 'exists.$': '$.product.availability', StaticValue: 'foo' },
    };
    expect(applyPayloadTemplate(template, input, scope)).toEqual({
      comment: 'Selecting what I care about.',
      MyDetails: { size: 'small', exists: 'in stock', StaticValue: 'foo' },
    });
  });

  it('reads the context object with `$$` (Context object > Accessing the context object)', () => {
    const template = {
      QueueUrl: 'https://sqs.us-east-1.amazonaws.com/123456789012/flight-purchase',
      MessageBody: { From: 'YVR', To: 'SEA', 'Execution.$': '$$.Execution.Id' },
    };
    expect(applyPayloadTemplate(template, {}, scope)).toEqual({
      QueueUrl: 'https://sqs.us-east-1.amazonaws.com/123456789012/flight-purchase',
      MessageBody: { From: 'YVR', To: 'SEA', Execution: 'arn:aws:states:us-east-1:123456789012:execution:stateMachineName:executionName' },
    });
  });

  it('reads Map item data (Context object > Context object data for Map states)', () => {
    const template = { 'ContextIndex.$': '$$.Map.Item.Index', 'ContextValue.$': '$$.Map.Item.Value' };
    expect(applyPayloadTemplate(template, {}, scope)).toEqual({ ContextIndex: 1, ContextValue: { who: 'meg' } });
  });

  it('reads variables with `$name`', () => {
    expect(applyPayloadTemplate({ 'name.$': '$productName' }, {}, scope)).toEqual({ name: 'widget' });
  });

  it('evaluates intrinsic functions (Intrinsic functions: "KeyId.$": "States.Array($.Id)")', () => {
    expect(applyPayloadTemplate({ 'BuildId.$': 'States.Array($.Id)' }, { Id: 123456 }, scope)).toEqual({ BuildId: [123456] });
  });

  it('recurses into arrays and nested objects, and copies other values as they are', () => {
    const template = { list: [{ 'v.$': '$.a' }, 'text', 3, null, [true]], nested: { deeper: { 'w.$': '$.b[1]' } } };
    expect(applyPayloadTemplate(template, { a: 'A', b: [0, 'B'] }, scope)).toEqual({
      list: [{ v: 'A' }, 'text', 3, null, [true]],
      nested: { deeper: { w: 'B' } },
    });
  });

  it('returns `$` whole and indefinite paths as arrays', () => {
    expect(applyPayloadTemplate({ 'all.$': '$', 'some.$': '$.x[*].k' }, { x: [{ k: 1 }, { k: 2 }] }, scope)).toEqual({
      all: { x: [{ k: 1 }, { k: 2 }] },
      some: [1, 2],
    });
  });

  it('does not mutate the template or the input', () => {
    const template = { 'a.$': '$.a', lit: { x: 1 } };
    const input = { a: { deep: 1 } };
    const before = structuredClone({ template, input });
    const output = applyPayloadTemplate(template, input, scope) as { lit: unknown };
    expect({ template, input }).toEqual(before);
    expect(output.lit).not.toBe(template.lit);
  });

  it('raises States.Runtime naming the field when a path matches nothing', () => {
    const error = thrown(() => applyPayloadTemplate({ 'size.$': '$.product.size' }, { product: {} }, scope));
    expect(error.name).toBe('States.Runtime');
    expect(error.message).toContain("'size.$'");
    expect(error.message).toContain('$.product.size');
  });

  it('raises States.Runtime when a `.$` value is not a string', () => {
    expect(thrown(() => applyPayloadTemplate({ 'n.$': 5 }, {}, scope)).name).toBe('States.Runtime');
  });

  it('raises States.IntrinsicFailure from a failing intrinsic', () => {
    expect(thrown(() => applyPayloadTemplate({ 'x.$': 'States.ArrayLength($.s)' }, { s: 'no' }, scope)).name).toBe(
      'States.IntrinsicFailure',
    );
  });
});
