import picomatch from "picomatch";

/**
 * A matcher for one glob, with .gitignore's convenience: a pattern without a slash matches the file name at
 * any depth (`*.lock` matches `a/b/yarn.lock`); one with a slash matches the whole path (`docs/**`).
 * Dot files match like any other.
 */
export function pathMatcher(pattern: string): (path: string) => boolean {
  const isMatch = picomatch(pattern, { dot: true });
  if (pattern.includes("/")) return isMatch;
  return (path) => isMatch(path.slice(path.lastIndexOf("/") + 1));
}
