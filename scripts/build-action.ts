import { ACTION_BUNDLE, buildActionBundle } from "./action-bundle.js";

await buildActionBundle(ACTION_BUNDLE);
console.log(`wrote ${ACTION_BUNDLE}`);
