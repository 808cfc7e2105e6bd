// A client typed by openapi-typescript from the live /openapi.json (tests/e2e/test_contract_live.py
// generates ./schema.d.ts, compiles this file with tsc and runs it with node):
//   node drive.mjs <api> register <email> <password>
//   node drive.mjs <api> flow <email> <password> <confirmation token> <cid> <mid>
// register -> confirm -> login -> get me -> list communities -> join -> post a contribution.
import createClient from "openapi-fetch";
import type { paths } from "./schema.js";

const [, , baseUrl, step, email, password, token, cid, mid] = process.argv;
const api = createClient<paths>({ baseUrl });

function expect(ok: boolean, what: string, detail: unknown): void {
  if (!ok) throw new Error(`${what}: ${JSON.stringify(detail)}`);
}

async function register(): Promise<void> {
  const { response, error } = await api.POST("/auth/register", {
    body: { name: "Tess Typescript", email, password },
  });
  expect(response.status === 202, "register", error);
}

async function flow(): Promise<void> {
  const confirmed = await api.POST("/auth/confirm", { body: { token, password } });
  expect(confirmed.response.status === 200 && !!confirmed.data?.user_id, "confirm", confirmed.error);
  const login = await api.POST("/auth/login", { body: { email, password } });
  expect(login.response.status === 200 && !!login.data, "login", login.error);
  const headers = { Authorization: `Bearer ${login.data!.access_token}` };
  const me = await api.GET("/me", { headers });
  expect(me.data?.email === email, "get me", me.error);
  const communities = await api.GET("/communities", { params: { query: { limit: 50 } }, headers });
  const listed = communities.data?.items.find((c) => c.id === cid);
  expect(!!listed && typeof listed.name === "string", "list communities", communities.error);
  const joined = await api.POST("/communities/{cid}/join", { params: { path: { cid } }, body: {}, headers });
  expect(joined.data?.role === "member", "join", joined.error);
  const created = await api.POST("/modules/{mid}/contributions", {
    params: { path: { mid } },
    body: { title: { en: "A bench by the river" }, body: "Somewhere to sit in the shade." },
    headers,
  });
  expect(created.response.status === 201 && created.data?.is_author === true, "contribute", created.error);
  console.log(JSON.stringify({ user: me.data!.id, contribution: created.data!.id }));
}

await (step === "register" ? register() : flow());
