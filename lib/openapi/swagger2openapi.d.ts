// The part of swagger2openapi (no published types) the import pipeline uses.
declare module 'swagger2openapi' {
  interface ConvertOptions {
    patch?: boolean;
    warnOnly?: boolean;
    /** The original text; without it the converter serialises the input to YAML itself (4x slower). */
    text?: string;
    /** Clone objects shared through YAML anchors instead of refusing them. */
    anchors?: boolean;
    resolve?: false;
  }
  interface ConvertResult {
    openapi: Record<string, unknown>;
    patches?: number;
  }
  export function convertObj(swagger: object, options: ConvertOptions): Promise<ConvertResult>;
}
