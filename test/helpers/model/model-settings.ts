import { parseAppSettings, type ModelSettings } from "../../../src/config/env.js";

/** Model settings as the app would read them from the environment, pointed at a fake model server. */
export function modelSettingsFor(baseUrl: string, env: Readonly<Record<string, string>> = {}): ModelSettings {
  const { settings, problems } = parseAppSettings({ OPENAI_BASE_URL: baseUrl, OPENAI_API_KEY: "test-key", MODEL_MAX_RETRIES: "0", ...env });
  if (settings === undefined) throw new Error(`invalid test settings: ${problems.join("; ")}`);
  return settings.model;
}
