// Fetches ipfs://CID with Helia's @helia/verified-fetch (pinned in package-lock.json), configured with
// GATEWAY as its only trustless gateway: no delegated routers, no libp2p, no other network. Verified-fetch
// asks the gateway for raw blocks (application/vnd.ipld.raw) and checks each against its CID itself.
// Prints one JSON line: status, content type, length and sha256 of the body.
import { createHeliaLight } from 'helia'
import { withHTTP } from '@helia/http'
import { createVerifiedFetchWithHelia } from '@helia/verified-fetch'
import { createHash } from 'node:crypto'

const [gateway, cid] = process.argv.slice(2)
if (!gateway || !cid) {
  console.error('usage: node verified-fetch.mjs GATEWAY_URL CID')
  process.exit(2)
}

const helia = withHTTP(createHeliaLight(), {
  delegatedRouters: [],
  recursiveGateways: [gateway],
  allowInsecure: true,
  allowLocal: true
})
// Helia 7.1.15 waits forever when no non-fallback router exists (its provider queue never goes idle), so
// add one that finds nothing; the gateway above is then used as the fallback provider.
helia.addRouter({ name: 'none', async * findProviders () {} })
await helia.start()
const verifiedFetch = await createVerifiedFetchWithHelia(helia)
let out
try {
  const res = await verifiedFetch(`ipfs://${cid}`, { signal: AbortSignal.timeout(60_000) })
  const bytes = new Uint8Array(await res.arrayBuffer())
  out = {
    status: res.status,
    contentType: res.headers.get('content-type'),
    length: bytes.length,
    sha256: createHash('sha256').update(bytes).digest('hex')
  }
} catch (err) {
  out = { error: String(err?.stack ?? err) }
}
console.log(JSON.stringify(out))
await verifiedFetch.stop()
await helia.stop()
process.exit(out.error ? 1 : 0)
