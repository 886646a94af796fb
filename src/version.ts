/** pr-reviewer's version, as in package.json (a test keeps the two equal); the bundled Action has no package.json to read. */
export const VERSION = "0.1.0";
