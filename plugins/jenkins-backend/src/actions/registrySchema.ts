import { z as zod } from 'zod';
import { RegistryZod } from './actionInputs';

type AnySchema = zod.ZodType;
type Def = {
  type: string;
  shape?: Record<string, AnySchema>;
  element?: AnySchema;
  innerType?: AnySchema;
  entries?: Record<string, string>;
  options?: AnySchema[];
  valueType?: AnySchema;
  values?: unknown[];
  in?: AnySchema;
  out?: AnySchema;
};

/**
 * The shape of a `-common` schema in the zod the actions registry speaks
 * (it publishes JSON Schema from zod 3), so that an action's output is
 * declared once, by the API's own schema, not again by hand. Structure
 * only: values come from our own services.
 */
export function toRegistrySchema(schema: AnySchema, z: RegistryZod): any {
  const def = (schema as unknown as { _zod: { def: Def } })._zod.def;
  const description = (schema as { description?: string }).description;
  const converted = convert(def, z);
  return description ? converted.describe(description) : converted;
}

function convert(def: Def, z: RegistryZod): any {
  switch (def.type) {
    case 'object':
      return z.object(
        Object.fromEntries(
          Object.entries(def.shape ?? {}).map(([key, value]) => [
            key,
            toRegistrySchema(value, z),
          ]),
        ),
      );
    case 'string':
      return z.string();
    case 'number':
      return z.number();
    case 'boolean':
      return z.boolean();
    case 'array':
      return z.array(toRegistrySchema(def.element!, z));
    case 'nullable':
      return toRegistrySchema(def.innerType!, z).nullable();
    case 'optional':
      return toRegistrySchema(def.innerType!, z).optional();
    case 'default':
      return toRegistrySchema(def.innerType!, z);
    case 'enum':
      return z.enum(Object.values(def.entries!) as [string, ...string[]]);
    case 'literal':
      return z.literal(def.values![0] as string);
    case 'union': {
      const options = def.options!.map(option => toRegistrySchema(option, z));
      return options.length === 1 ? options[0] : z.union(options as any);
    }
    case 'record':
      return z.record(toRegistrySchema(def.valueType!, z));
    case 'pipe':
      return toRegistrySchema(def.in!, z);
    default:
      return z.unknown();
  }
}
