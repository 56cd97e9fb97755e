// A real OpenID Connect provider (npm `oidc-provider`) on loopback, for tests/web/test_sso_oidc.py.
//
//   node provider.mjs <port> <config.json>
//
// config.json: {"client_id", "client_secret", "redirect_uri", "post_logout_redirect_uri",
//               "users": {"<sub>": {"password", "email", "name", "groups": [...]}}}
// Prints "ready <issuer>" on stdout when it listens.  Its own pages (login, logout) are plain
// HTML with no external resources, so a browser test sends nothing off the machine.
import http from "node:http";
import { readFileSync } from "node:fs";
import Provider from "oidc-provider";

const port = Number(process.argv[2]);
const conf = JSON.parse(readFileSync(process.argv[3], "utf8"));
const issuer = `http://127.0.0.1:${port}`;

const escape = (s) =>
  String(s).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);

const page = (title, body) =>
  `<!DOCTYPE html><html lang="sv"><head><meta charset="utf-8"><title>${escape(title)}</title></head><body>${body}</body></html>`;

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: conf.client_id,
      client_secret: conf.client_secret,
      redirect_uris: [conf.redirect_uri],
      post_logout_redirect_uris: [conf.post_logout_redirect_uri],
      response_types: ["code"],
      grant_types: ["authorization_code"],
      token_endpoint_auth_method: "client_secret_post",
    },
  ],
  scopes: ["openid", "email", "profile", "groups"],
  claims: {
    openid: ["sub"],
    email: ["email", "email_verified"],
    profile: ["name", "given_name", "family_name", "preferred_username"],
    groups: ["groups"],
  },
  cookies: { keys: ["oversyn-test-only-cookie-key"] },
  features: {
    devInteractions: { enabled: false },
    rpInitiatedLogout: {
      enabled: true,
      logoutSource: async (ctx, form) => {
        ctx.body = page(
          "Logga ut",
          `<h1>Logga ut från testleverantören</h1>${form}<button type="submit" form="op.logoutForm" value="yes" name="logout">Ja, logga ut</button>`,
        );
      },
      postLogoutSuccessSource: async (ctx) => {
        ctx.body = page("Utloggad", "<h1>Utloggad</h1>");
      },
    },
  },
  interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
  // First-party client: no consent page (the grant covers what the client asked for).
  loadExistingGrant: async (ctx) => {
    const grantId =
      ctx.oidc.result?.consent?.grantId || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
    if (grantId) return ctx.oidc.provider.Grant.find(grantId);
    const grant = new ctx.oidc.provider.Grant({
      clientId: ctx.oidc.client.clientId,
      accountId: ctx.oidc.session.accountId,
    });
    grant.addOIDCScope("openid email profile groups");
    await grant.save();
    return grant;
  },
  findAccount: async (ctx, sub) => {
    const user = conf.users[sub];
    if (!user) return undefined;
    return {
      accountId: sub,
      claims: async () => ({
        sub,
        email: user.email,
        email_verified: true,
        name: user.name,
        preferred_username: sub,
        groups: user.groups,
      }),
    };
  },
  pkce: { required: () => false },
});

const readForm = (req) =>
  new Promise((resolve, reject) => {
    let data = "";
    req.on("data", (chunk) => (data += chunk));
    req.on("end", () => resolve(new URLSearchParams(data)));
    req.on("error", reject);
  });

const callback = provider.callback();

const server = http.createServer(async (req, res) => {
  const url = new URL(req.url, issuer);
  if (!url.pathname.startsWith("/interaction/")) return callback(req, res);
  try {
    const details = await provider.interactionDetails(req, res);
    if (req.method === "GET") {
      res.setHeader("Content-Type", "text/html; charset=utf-8");
      res.end(
        page(
          "Testleverantörens inloggning",
          `<h1>Testleverantörens inloggning</h1>
<form method="post" action="/interaction/${escape(details.uid)}">
<label for="login">Användare</label><input id="login" name="login" required>
<label for="password">Lösenord</label><input id="password" name="password" type="password" required>
<button type="submit">Fortsätt</button></form>`,
        ),
      );
      return;
    }
    const form = await readForm(req);
    const sub = form.get("login");
    const user = conf.users[sub];
    if (!user || user.password !== form.get("password")) {
      res.statusCode = 401;
      res.setHeader("Content-Type", "text/html; charset=utf-8");
      res.end(page("Fel", "<p>Fel användare eller lösenord.</p>"));
      return;
    }
    await provider.interactionFinished(req, res, { login: { accountId: sub } }, { mergeWithLastSubmission: false });
  } catch (err) {
    res.statusCode = 500;
    res.end(String(err));
  }
});

server.listen(port, "127.0.0.1", () => {
  process.stdout.write(`ready ${issuer}\n`);
});
