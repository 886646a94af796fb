/**
 * Files a reviewer should not spend the model's budget on: nobody writes them by hand, so a finding on them
 * cannot be acted on, and they are often huge (a lockfile tokenizes at ≈2.4 characters per token).
 * Patterns follow `ignore`'s rules: without a slash they match the file name at any depth.
 * A repository extends the list with `ignore`, re-includes a file with `!pattern`, or turns it off with
 * `use_default_ignore: false`.
 */
export interface DefaultIgnoreGroup {
  /** What kind of file the patterns catch, shown as the reason a file was not reviewed. */
  readonly kind: string;
  readonly patterns: readonly string[];
}

export const DEFAULT_IGNORE_GROUPS: readonly DefaultIgnoreGroup[] = [
  {
    kind: "lockfile",
    patterns: [
      "package-lock.json", "npm-shrinkwrap.json", "yarn.lock", "pnpm-lock.yaml", "bun.lock", "bun.lockb", "deno.lock",
      "Cargo.lock", "go.sum", "go.work.sum", "poetry.lock", "Pipfile.lock", "uv.lock", "pdm.lock", "composer.lock",
      "Gemfile.lock", "Podfile.lock", "Package.resolved", "mix.lock", "pubspec.lock", "flake.lock",
      "packages.lock.json", "gradle.lockfile", "*.lockfile",
    ],
  },
  {
    kind: "minified or bundled",
    patterns: ["*.min.js", "*.min.mjs", "*.min.cjs", "*.min.css", "*.bundle.js", "*.bundle.css", "*.js.map", "*.css.map"],
  },
  {
    kind: "generated",
    patterns: [
      "*.pb.go", "*.pb.gw.go", "*_pb2.py", "*_pb2.pyi", "*_pb2_grpc.py", "*.pb.cc", "*.pb.h", "*_pb.js", "*_pb.d.ts",
      "*.g.dart", "*.freezed.dart", "*.generated.*", "**/__generated__/**",
    ],
  },
  {
    kind: "vendored",
    patterns: ["**/node_modules/**", "**/vendor/**", "**/third_party/**", "**/bower_components/**", "**/Pods/**", ".yarn/**"],
  },
  { kind: "snapshot", patterns: ["*.snap", "**/__snapshots__/**"] },
  {
    kind: "binary or image",
    patterns: [
      "*.png", "*.jpg", "*.jpeg", "*.gif", "*.bmp", "*.ico", "*.webp", "*.avif", "*.tif", "*.tiff", "*.psd", "*.svg",
      "*.pdf", "*.zip", "*.gz", "*.tgz", "*.bz2", "*.xz", "*.7z", "*.rar", "*.tar", "*.jar", "*.war", "*.class",
      "*.exe", "*.dll", "*.so", "*.dylib", "*.a", "*.o", "*.obj", "*.wasm", "*.bin", "*.pyc", "*.woff", "*.woff2",
      "*.ttf", "*.otf", "*.eot", "*.mp3", "*.mp4", "*.mov", "*.avi", "*.webm", "*.wav", "*.ogg", "*.flac",
      "*.sqlite", "*.db",
    ],
  },
];
