import { z } from 'zod';

/** Parameter types a template may declare; the editor builds its form from them. */
export const parameterTypes = ['color', 'image', 'font', 'text', 'number', 'boolean', 'product-list', 'prompt-list'] as const;
export type ParameterType = (typeof parameterTypes)[number];

/** Name of a parameter, as bindings write it: `{"$param": "brandColor"}`. */
export const ParameterName = z.string().regex(/^[a-zA-Z][a-zA-Z0-9_]{0,63}$/, 'parameter names are letters, digits and _, starting with a letter');

const HexColor = z.string().regex(/^#([0-9a-fA-F]{6}|[0-9a-fA-F]{8})$/, 'a colour is #rrggbb or #rrggbbaa');

/**
 * An image is a file path (a relative one is resolved against the template's folder when
 * the runtime imports it) or an inline `data:image/(png|jpeg|webp);base64,` URL of at
 * most 512 KB (the runtime stores it as a file). URLs with any other scheme are refused.
 */
export const ImageRef = z.union([
  z
    .string()
    .min(1)
    .max(500)
    .regex(/^(?![a-zA-Z][a-zA-Z0-9+.-]+:)[^\0]*$/, 'an image is a file path or a data:image URL'),
  z
    .string()
    .max(512 * 1024)
    .regex(/^data:image\/(png|jpeg|webp);base64,[A-Za-z0-9+/]+=*$/, 'a data URL must be a base64 PNG, JPEG or WebP image'),
]);

/** A fontconfig family and style, e.g. "DejaVu Sans Bold". */
const FontName = z.string().min(1).max(100).regex(/^[\p{L}\p{N} _-]+$/u, 'a font is a family name with an optional style, e.g. "DejaVu Sans Bold"');

/** One product of a list; the same shape the commerce nodes take for bundles. */
export const Product = z.object({
  sku: z.string().min(1).max(64),
  title: z.string().min(1).max(200),
  quantity: z.number().int().min(1).max(1000),
  listPriceCents: z.number().int().min(0),
  image: ImageRef.optional(),
});
export type Product = z.infer<typeof Product>;

const common = {
  label: z.string().min(1).max(120),
  description: z.string().max(1000).optional(),
};

/** Each type carries its own constraints; `default` is checked against them (see valueSchema). */
export const ParameterDef = z.discriminatedUnion('type', [
  z.object({ type: z.literal('color'), ...common, default: z.unknown() }).strict(),
  z.object({ type: z.literal('image'), ...common, default: z.unknown() }).strict(),
  z.object({ type: z.literal('font'), ...common, default: z.unknown() }).strict(),
  z.object({ type: z.literal('text'), ...common, maxLength: z.number().int().min(1).max(4000).optional(), multiline: z.boolean().optional(), default: z.unknown() }).strict(),
  z
    .object({ type: z.literal('number'), ...common, min: z.number().finite().optional(), max: z.number().finite().optional(), step: z.number().positive().optional(), integer: z.boolean().optional(), default: z.unknown() })
    .strict(),
  z.object({ type: z.literal('boolean'), ...common, default: z.unknown() }).strict(),
  z.object({ type: z.literal('product-list'), ...common, maxItems: z.number().int().min(1).max(200).optional(), default: z.unknown() }).strict(),
  z.object({ type: z.literal('prompt-list'), ...common, maxItems: z.number().int().min(1).max(50).optional(), default: z.unknown() }).strict(),
]);
export type ParameterDef = z.infer<typeof ParameterDef>;

/** The schema a value of this parameter must satisfy (defaults and import values alike). */
export function valueSchema(def: ParameterDef): z.ZodType {
  switch (def.type) {
    case 'color':
      return HexColor;
    case 'image':
      return ImageRef;
    case 'font':
      return FontName;
    case 'text':
      return z.string().max(def.maxLength ?? 500);
    case 'number': {
      let n = def.integer ? z.number().int() : z.number().finite();
      if (def.min !== undefined) n = n.min(def.min);
      if (def.max !== undefined) n = n.max(def.max);
      return n;
    }
    case 'boolean':
      return z.boolean();
    case 'product-list':
      return z.array(Product).min(1).max(def.maxItems ?? 50);
    case 'prompt-list':
      return z.array(z.string().min(1).max(500)).min(1).max(def.maxItems ?? 20);
  }
}

/** A short description of what a value of this type looks like, for fix hints. */
export function describeType(def: ParameterDef): string {
  switch (def.type) {
    case 'color':
      return 'a colour like #d6336c';
    case 'image':
      return 'an image file path or a data:image URL';
    case 'font':
      return 'a font family name like "DejaVu Sans Bold"';
    case 'text':
      return `text of at most ${def.maxLength ?? 500} characters`;
    case 'number':
      return `a number${def.min !== undefined ? ` ≥ ${def.min}` : ''}${def.max !== undefined ? ` ≤ ${def.max}` : ''}`;
    case 'boolean':
      return 'true or false';
    case 'product-list':
      return 'a list of products {sku, title, quantity, listPriceCents}';
    case 'prompt-list':
      return 'a list of prompt texts';
  }
}

/** A parameter definition without its default (what an export is told; the default comes from the document). */
export type ParameterShape = ParameterDef extends infer T ? (T extends unknown ? Omit<T, 'default'> : never) : never;
