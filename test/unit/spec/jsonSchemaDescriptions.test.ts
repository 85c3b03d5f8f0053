/** Editors show a field's description on hover: every property of the workflow JSON Schema has one. */
import { describe, expect, it } from 'vitest';
import { workflowJsonSchema } from '../../../lib/spec/index.ts';

/** JSON pointers of the properties without a description, and how many properties there are. */
function undescribedProperties(schema: unknown): { missing: string[]; total: number } {
  const missing: string[] = [];
  let total = 0;
  const walk = (node: unknown, pointer: string): void => {
    if (Array.isArray(node)) return node.forEach((item, i) => walk(item, `${pointer}/${i}`));
    if (node === null || typeof node !== 'object') return;
    const properties = (node as { properties?: Record<string, { description?: unknown }> }).properties;
    for (const [name, property] of Object.entries(properties ?? {})) {
      total++;
      if (typeof property.description !== 'string' || property.description.trim() === '') missing.push(`${pointer}/properties/${name}`);
    }
    for (const [key, child] of Object.entries(node)) walk(child, `${pointer}/${key}`);
  };
  walk(schema, '');
  return { missing, total };
}

describe('Function: workflowJsonSchema', () => {
  it('describes every property, nested and shared definitions included', () => {
    const { missing, total } = undescribedProperties(workflowJsonSchema());
    expect(total).toBeGreaterThan(120);
    expect(missing).toEqual([]);
  });

  it('the walk finds an undescribed property however deep it is', () => {
    const schema = { properties: { a: { description: 'A', properties: { b: {} } } }, $defs: { X: { anyOf: [{ properties: { c: { description: '' } } }] } } };
    expect(undescribedProperties(schema)).toEqual({ missing: ['/properties/a/properties/b', '/$defs/X/anyOf/0/properties/c'], total: 3 });
  });
});
