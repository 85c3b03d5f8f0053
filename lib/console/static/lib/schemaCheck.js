/**
 * A small JSON Schema check for the page, so a config edit is refused while it is typed. It covers
 * the keywords config schemas use (type, enum, const, minimum/maximum, minLength/maxLength,
 * pattern, required, properties, additionalProperties, items); the server checks again with the
 * full validator, and its answer is the one that counts.
 * Returns [{ path, message }].
 */
export function schemaProblems(schema, value, path = '') {
  if (!schema || typeof schema !== 'object') return [];
  const problems = [];
  const at = path || '(document)';
  const types = schema.type === undefined ? undefined : [].concat(schema.type);
  if (types && !types.some((type) => hasType(value, type))) return [{ path: at, message: `must be ${types.join(' or ')}` }];
  if (schema.enum && !schema.enum.some((option) => JSON.stringify(option) === JSON.stringify(value))) problems.push({ path: at, message: `must be one of ${schema.enum.map((option) => JSON.stringify(option)).join(', ')}` });
  if ('const' in schema && JSON.stringify(schema.const) !== JSON.stringify(value)) problems.push({ path: at, message: `must be ${JSON.stringify(schema.const)}` });
  if (typeof value === 'number') {
    if (schema.minimum !== undefined && value < schema.minimum) problems.push({ path: at, message: `must be >= ${schema.minimum}` });
    if (schema.maximum !== undefined && value > schema.maximum) problems.push({ path: at, message: `must be <= ${schema.maximum}` });
  }
  if (typeof value === 'string') {
    if (schema.minLength !== undefined && value.length < schema.minLength) problems.push({ path: at, message: `must have at least ${schema.minLength} characters` });
    if (schema.maxLength !== undefined && value.length > schema.maxLength) problems.push({ path: at, message: `must have at most ${schema.maxLength} characters` });
    if (schema.pattern !== undefined && !safeTest(schema.pattern, value)) problems.push({ path: at, message: `must match ${schema.pattern}` });
  }
  if (Array.isArray(value) && schema.items) value.forEach((item, index) => problems.push(...schemaProblems(schema.items, item, `${path}[${index}]`)));
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    for (const key of schema.required ?? []) if (!(key in value)) problems.push({ path: at, message: `must have '${key}'` });
    for (const [key, child] of Object.entries(value)) {
      const childPath = path ? `${path}.${key}` : key;
      if (schema.properties && key in schema.properties) problems.push(...schemaProblems(schema.properties[key], child, childPath));
      else if (schema.additionalProperties === false) problems.push({ path: childPath, message: 'is not a known setting' });
      else if (typeof schema.additionalProperties === 'object') problems.push(...schemaProblems(schema.additionalProperties, child, childPath));
    }
  }
  return problems;
}

function hasType(value, type) {
  if (type === 'integer') return Number.isInteger(value);
  if (type === 'number') return typeof value === 'number' && Number.isFinite(value);
  if (type === 'array') return Array.isArray(value);
  if (type === 'null') return value === null;
  if (type === 'object') return typeof value === 'object' && value !== null && !Array.isArray(value);
  return typeof value === type;
}

function safeTest(pattern, value) {
  try {
    return new RegExp(pattern, 'u').test(value);
  } catch {
    return true;
  }
}
