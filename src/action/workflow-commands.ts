/**
 * GitHub Actions workflow commands (`::error::message`), escaped as the runner expects: `%`, CR and LF in the
 * message, and also `:` and `,` in a property, so that text from a pull request cannot end the command early or
 * smuggle in another one.
 */
function escapeData(text: string): string {
  return text.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, "%3A").replace(/,/g, "%2C");
}

export type AnnotationLevel = "error" | "warning" | "notice";

export interface AnnotationProperties {
  readonly title?: string;
  readonly file?: string;
  readonly line?: number;
  readonly endLine?: number;
}

/** One annotation line, e.g. `::error title=Review failed::the model endpoint refused the key`. */
export function annotation(level: AnnotationLevel, message: string, properties: AnnotationProperties = {}): string {
  const props = [
    properties.title === undefined ? undefined : `title=${escapeProperty(properties.title)}`,
    properties.file === undefined ? undefined : `file=${escapeProperty(properties.file)}`,
    properties.line === undefined ? undefined : `line=${properties.line}`,
    properties.endLine === undefined ? undefined : `endLine=${properties.endLine}`,
  ].filter((p): p is string => p !== undefined);
  return `::${level}${props.length > 0 ? ` ${props.join(",")}` : ""}::${escapeData(message)}`;
}

export function debugLine(message: string): string {
  return `::debug::${escapeData(message)}`;
}
