import { readFileSync } from "node:fs";
import ajvDraft04 from "ajv-draft-04";
import ajvFormats from "ajv-formats";

// CommonJS packages: under NodeNext the class and the plugin are their `default` export.
const Ajv = ajvDraft04.default;
const addFormats = ajvFormats.default;

let validate: ReturnType<InstanceType<typeof Ajv>["compile"]> | undefined;

/** The problems of a SARIF log against the official SARIF 2.1.0 JSON Schema (draft-04); empty when it is valid. */
export function sarifSchemaErrors(log: unknown): string[] {
  if (validate === undefined) {
    const schema: unknown = JSON.parse(readFileSync(new URL("../fixtures/sarif/sarif-schema-2.1.0.json", import.meta.url), "utf8"));
    // The schema's language-tag pattern is not a valid regular expression under the `u` flag.
    const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
    addFormats(ajv);
    validate = ajv.compile(schema as object);
  }
  if (validate(log)) return [];
  return (validate.errors ?? []).map((error) => `${error.instancePath || "/"} ${error.message ?? ""}`);
}
