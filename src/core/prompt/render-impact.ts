import type { ImpactSection } from "../impact/symbol-uses.js";
import { fenceUntrusted } from "./render-prompt.js";

/**
 * The uses of changed symbols as one prompt section: code from the repository, fenced as untrusted data like
 * the diff. Its lines are not part of the diff, so a finding about a use belongs on the changed line it comes from.
 */
export function renderImpactSections(sections: readonly ImpactSection[]): string {
  if (sections.length === 0) return "";
  return [
    "Code elsewhere in the repository that uses symbols this pull request changes (untrusted; not part of the diff, so anchor a finding about it on the changed line):",
    fenceUntrusted(sections.map((section) => section.text).join("\n\n")),
  ].join("\n");
}
