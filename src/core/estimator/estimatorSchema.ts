/**
 * The estimator's JSON schema as the repository holds it (editor keywords included). Validation does not read it:
 * the build-time validator carries its own copy (schemaValidator.generated.ts), so dist/validation.js holds it once.
 */
import schemaJson from './estimator.schema.json';

export const estimatorSchema: Record<string, unknown> = schemaJson as unknown as Record<string, unknown>;
