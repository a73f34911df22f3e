// Ajv's standalone code spells out each error it can report as an object literal, then pushes it in six lines:
//
//   const err7 = {instancePath,schemaPath:"#/definitions/fileSystemInput/required",keyword:"required",
//     params:{missingProperty: "file_system_id"},message:"must have required property '"+"file_system_id"+"'",
//     schema:schema17.required,parentSchema:schema17,data};
//   if(vErrors === null){ vErrors = [err7]; } else { vErrors.push(err7); } errors++;
//
// 459 of them were 164 KB of the validator's 328, all inside the validate functions that V8 compiles on an open
// estimator's first validation. Each becomes one call that passes what changes from call to call (instance path,
// data, params, a message built at run time) and names its site in a table of the rest (schema path, keyword, a
// message that never changes, and where `schema` and `parentSchema` are in the schema objects), each kept as JSON
// text (held out of the compiled code, see jsonTextHolder in scripts/jsonModules.mjs) and parsed when an error of
// its site is first reported:
//
//   vErrors = reportError(vErrors, 5, instancePath, data, {missingProperty: "file_system_id"}, "must have ...");errors++;
//
// The error objects are the same as Ajv's, property for property and in the same order (`schema` and `parentSchema`
// are the same objects), so validateSchemaMessages.ts reads them unchanged.

import { JSON_TEXT_RUNTIME, jsonTextHolder } from './jsonModules.mjs';

/** Splits an object literal's text (without its braces) at its top-level commas: strings and brackets respected. */
function topLevelParts(body) {
  const parts = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c === '"' || c === "'" || c === '`') {
      for (i++; body[i] !== c; i++) if (body[i] === '\\') i++;
    } else if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') depth--;
    else if (c === ',' && depth === 0) {
      parts.push(body.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(body.slice(start));
  return parts;
}

const KEYS = ['instancePath', 'schemaPath', 'keyword', 'params', 'message', 'schema', 'parentSchema', 'data'];

/** `instancePath` or `instancePath:expr` -> [key, expression]. */
function property(part) {
  const colon = /^([A-Za-z]+)(?::([\s\S]*))?$/.exec(part);
  if (!colon) throw new Error(`compactValidatorErrors: cannot read the error property ${part}`);
  return [colon[1], colon[2] ?? colon[1]];
}

/**
 * A JSON value for a literal Ajv wrote (or string literals joined by `+`, as in `"must have required property '"+"x"+"'"`),
 * undefined when the text is an expression.
 */
function literal(text) {
  try {
    return { value: JSON.parse(text) };
  } catch {
    const strings = /^"(?:[^"\\]|\\.)*"(?:\+"(?:[^"\\]|\\.)*")+$/.test(text) ? text.match(/"(?:[^"\\]|\\.)*"/g) : undefined;
    return strings ? { value: strings.map(string => JSON.parse(string)).join('') } : undefined;
  }
}

/** `schema17.properties.x[0]["2FA"]` -> [17, "properties", "x", 0, "2FA"]; undefined for anything else. */
function schemaReference(text) {
  const step = /\.([A-Za-z_$][\w$]*)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]/g;
  const match = /^schema(\d+)((?:\.[A-Za-z_$][\w$]*|\[\d+\]|\["(?:[^"\\]|\\.)*"\])*)$/.exec(text);
  if (!match) return undefined;
  const steps = [...match[2].matchAll(step)].map(m => m[1] ?? (m[2] !== undefined ? Number(m[2]) : JSON.parse(m[3])));
  return [Number(match[1]), ...steps];
}

/** `schema` and `parentSchema` in the site table: {"at": [schema number, ...steps]} or {"value": literal}. */
function schemaSlot(text) {
  const at = schemaReference(text);
  if (at) return { at };
  const value = literal(text);
  if (value === undefined) throw new Error(`compactValidatorErrors: a schema expression neither a literal nor a schema reference: ${text}`);
  return value;
}

const RUNTIME = (sites, schemaNumbers) => `
${JSON_TEXT_RUNTIME}
/* The error sites of the validate functions (scripts/compactValidatorErrors.mjs), one JSON text a line, each parsed when first reported. */
const errorSiteLines = ${jsonTextHolder(sites.map(site => JSON.stringify(site)).join('\n'))};
let errorSiteTexts;
const errorSites = [];
function schemaSlot(slot) {
  if (!("at" in slot)) return slot.value;
  let value = {${schemaNumbers.map(n => `${n}: schema${n}`).join(', ')}}[slot.at[0]];
  for (let i = 1; i < slot.at.length; i++) value = value[slot.at[i]];
  return value;
}
function reportError(vErrors, site, instancePath, data, params, ...rest) {
  const [schemaPath, keyword, schema, parentSchema, fixedMessage] = errorSites[site] ??= JSON.parse((errorSiteTexts ??= jsonText(errorSiteLines).split("\\n"))[site]);
  const error = {instancePath, schemaPath, keyword, params, message: rest.length > 0 ? rest[0] : fixedMessage,
    schema: schemaSlot(schema), parentSchema: schemaSlot(parentSchema), data};
  if (rest.length > 1) error.propertyName = rest[1];
  if (vErrors === null) return [error];
  vErrors.push(error);
  return vErrors;
}
function reportEmptyError(vErrors) {
  if (vErrors === null) return [{}];
  vErrors.push({});
  return vErrors;
}
`;

const ERROR_SITE = /^const (err\d+) = \{(.*)\};\nif\(vErrors === null\)\{\nvErrors = \[\1\];\n\}\nelse \{\nvErrors\.push\(\1\);\n\}\nerrors\+\+;$/gm;

/** The standalone code with its error literals made calls (see above); throws on a literal of a form it does not know. */
export function compactValidatorErrors(code) {
  const sites = [];
  const siteIndex = new Map();
  const compacted = code.replace(ERROR_SITE, (_, _name, body) => {
    if (body === '') return 'vErrors = reportEmptyError(vErrors);errors++;';
    const properties = topLevelParts(body).map(property);
    const keys = properties.map(([key]) => key);
    const expected = [...KEYS, ...(keys.length > KEYS.length ? ['propertyName'] : [])];
    if (keys.join() !== expected.join()) throw new Error(`compactValidatorErrors: an error literal with the properties ${keys.join(', ')}`);
    const value = Object.fromEntries(properties);
    const schemaPath = literal(value.schemaPath);
    const keyword = literal(value.keyword);
    if (typeof schemaPath?.value !== 'string' || typeof keyword?.value !== 'string') throw new Error(`compactValidatorErrors: a computed schemaPath or keyword in {${body}}`);
    const fixedMessage = literal(value.message);
    const hasPropertyName = 'propertyName' in value;
    const inlineMessage = fixedMessage === undefined || hasPropertyName;
    const site = JSON.stringify([schemaPath.value, keyword.value, schemaSlot(value.schema), schemaSlot(value.parentSchema),
      ...(inlineMessage ? [] : [fixedMessage.value])]);
    if (!siteIndex.has(site)) {
      siteIndex.set(site, sites.length);
      sites.push(JSON.parse(site));
    }
    const args = ['vErrors', siteIndex.get(site), value.instancePath, value.data, value.params,
      ...(inlineMessage ? [value.message] : []), ...(hasPropertyName ? [value.propertyName] : [])];
    return `vErrors = reportError(${args.join(', ')});errors++;`;
  });
  if (/const err\d+ = /.test(compacted)) throw new Error('compactValidatorErrors: an error literal of a form this script does not know is left');
  const schemaNumbers = [...new Set([...compacted.matchAll(/^const schema(\d+) = /gm)].map(m => Number(m[1])))];
  return `${compacted}\n${RUNTIME(sites, schemaNumbers)}`;
}
