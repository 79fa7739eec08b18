// A real OpenID Connect provider (the oidc-provider package) for the werkplek's sign-in tests.
// Usage: node provider.mjs PORT CLIENT_ID CLIENT_SECRET REDIRECT_URI
// Accounts: the login name is the account id; its groups come from ACCOUNTS below.
import Provider from "oidc-provider";

const [port, clientId, clientSecret, redirectUri] = process.argv.slice(2);
const issuer = `http://127.0.0.1:${port}`;

// Group claims as an identity provider (Entra ID, Keycloak) would send them.
const ACCOUNTS = {
  consulent: ["ijw-medewerkers-0153"],
  teamleider: ["ijw-teamleiders-0153", "iets-anders"],
  "zonder-groepen": [],
  onbekend: ["een-groep-zonder-rechten"],
};

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: clientId,
      client_secret: clientSecret,
      redirect_uris: [redirectUri],
      grant_types: ["authorization_code"],
      response_types: ["code"],
    },
  ],
  pkce: { required: () => true },
  claims: { openid: ["sub"], profile: ["name", "preferred_username"], groups: ["groups"] },
  scopes: ["openid", "profile", "groups"],
  conformIdTokenClaims: false,
  features: { devInteractions: { enabled: true } },
  async findAccount(ctx, id) {
    if (!(id in ACCOUNTS)) return undefined;
    return {
      accountId: id,
      async claims() {
        return { sub: id, name: `Test ${id}`, preferred_username: id, groups: ACCOUNTS[id] };
      },
    };
  },
});
provider.proxy = false;

provider.listen(Number(port), "127.0.0.1", () => {
  console.log(`ready ${issuer}`);
});
