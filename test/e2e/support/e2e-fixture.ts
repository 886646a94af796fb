import { afterEach, beforeEach } from "vitest";
import { startFakeGitHub, type FakeGitHub } from "../../helpers/fake-github.js";
import { startFakeModel, toolCallCompletion, type FakeModel, type Respond, type StartFakeModelOptions } from "../../helpers/fake-model.js";
import { startAppUnderTest, type AppUnderTest } from "./app-under-test.js";
import { OWNER, REPO } from "./scenario.js";

export interface E2EFixture {
  readonly github: FakeGitHub;
  readonly model: FakeModel;
  readonly app: AppUnderTest;
  /** What the fake model answers; set before `start`. */
  respond: Respond;
  /** Starts the fake model (with its options) and the app (with extra environment); the fake GitHub is already running. */
  start(env?: Readonly<Record<string, string>>, modelOptions?: StartFakeModelOptions): Promise<void>;
  /** The text of the user message of the `index`-th chat request. */
  userMessage(index?: number): string;
  /** The check runs' states in order, e.g. `["in_progress", "completed:neutral"]`. */
  checkRunStates(): string[];
}

/** The repository config every test starts with. */
export const SECOND_LOOK_OFF = "verify: off\n";

/** Registers per-test hooks that start a fresh fake GitHub (with the test repository) and stop everything after. */
export function useE2EFixture(defaultRespond: Respond = () => toolCallCompletion("submit_review", { summary: "Fine.", findings: [] })): E2EFixture {
  let github: FakeGitHub | undefined;
  let model: FakeModel | undefined;
  let app: AppUnderTest | undefined;
  const need = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`${what} is not started: call fixture.start() first`);
    return value;
  };

  const fixture: E2EFixture = {
    get github() {
      return need(github, "the fake GitHub");
    },
    get model() {
      return need(model, "the fake model");
    },
    get app() {
      return need(app, "the app");
    },
    respond: defaultRespond,
    async start(env = {}, modelOptions = {}) {
      model = await startFakeModel((request, index) => fixture.respond(request, index), modelOptions);
      app = await startAppUnderTest(fixture.github, model, env);
    },
    userMessage(index = 0) {
      const message = fixture.model.chatRequests[index]?.messages.find((m) => m.role === "user");
      return typeof message?.["content"] === "string" ? message["content"] : "";
    },
    checkRunStates() {
      return fixture.github.checkRuns.flatMap((run) =>
        run.history.map((h) => (h.status === "completed" ? `completed:${h.conclusion ?? ""}` : h.status)),
      );
    },
  };

  beforeEach(async () => {
    fixture.respond = defaultRespond;
    github = await startFakeGitHub();
    github.addRepository({ owner: OWNER, repo: REPO });
    // The second look at major findings adds a model request to most reviews; tests of other behaviour script the
    // requests they expect without it. Tests of the second look (and any test that writes its own config) turn it on.
    github.setFile(OWNER, REPO, ".github/pr-reviewer.yml", SECOND_LOOK_OFF);
  });

  afterEach(async () => {
    await app?.close();
    await model?.close();
    await github?.close();
    app = undefined;
    model = undefined;
    github = undefined;
  });

  return fixture;
}
