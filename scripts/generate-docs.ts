import { writeFileSync } from "node:fs";
import { repoConfigJsonSchema, repoConfigMarkdown } from "../src/core/config/config-docs.js";

writeFileSync("docs/configuration.md", repoConfigMarkdown());
writeFileSync("schema/pr-reviewer.schema.json", `${JSON.stringify(repoConfigJsonSchema(), null, 2)}\n`);
console.log("wrote docs/configuration.md and schema/pr-reviewer.schema.json");
