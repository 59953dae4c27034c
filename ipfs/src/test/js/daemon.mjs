// Starts a js-ipfs node (ipfs-core + ipfs-http-server from npm `ipfs`, pinned in package-lock.json) that
// serves the Kubo RPC API on 127.0.0.1:PORT, offline: a fresh repo in REPO, no swarm addresses, no
// bootstrap peers, no MDNS, no preload. Prints one line "READY <url> <version>" when the API listens, and
// stops cleanly on SIGTERM or when its standard input closes (so a test that dies takes it along).
import { create } from 'ipfs-core'
import { HttpApi } from 'ipfs-http-server'

const [repo, port] = process.argv.slice(2)
if (!repo || !port) {
  console.error('usage: node daemon.mjs REPO PORT')
  process.exit(2)
}

const ipfs = await create({
  repo,
  offline: true,
  preload: { enabled: false },
  silent: true,
  config: {
    Addresses: { Swarm: [], API: `/ip4/127.0.0.1/tcp/${port}`, Gateway: [], RPC: [], Delegates: [] },
    Bootstrap: [],
    Discovery: { MDNS: { Enabled: false }, webRTCStar: { Enabled: false } }
  }
})
const api = new HttpApi(ipfs)
await api.start()
const { version } = await ipfs.version()
console.log(`READY http://127.0.0.1:${port} ${version}`)

let stopping = false
async function stop () {
  if (stopping) return
  stopping = true
  try { await api.stop() } catch {}
  try { await ipfs.stop() } catch {}
  process.exit(0)
}
process.on('SIGTERM', stop)
process.on('SIGINT', stop)
process.stdin.on('end', stop)
process.stdin.resume()
