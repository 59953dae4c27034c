// Independent CID computation for accel-store's cross-check test, with the JavaScript IPFS stack
// (ipfs-unixfs-importer + blockstore-core + multiformats).
// Usage: node cids.mjs PATH...   (each PATH a file or a folder)
// Prints one JSON object per line: {"path": PATH, "profile": NAME, "cid": CID}.
import { importer } from 'ipfs-unixfs-importer'
import { fixedSize } from 'ipfs-unixfs-importer/chunker'
import { balanced } from 'ipfs-unixfs-importer/layout'
import { BlackHoleBlockstore } from 'blockstore-core/black-hole'
import fs from 'node:fs'
import path from 'node:path'

const profiles = {
  'kubo-legacy': { cidVersion: 0, rawLeaves: false, leafType: 'file', reduceSingleLeafToSelf: true,
    chunker: fixedSize({ chunkSize: 262144 }), layout: balanced({ maxChildrenPerNode: 174 }) },
  'cidv1-raw': { cidVersion: 1, rawLeaves: true, reduceSingleLeafToSelf: true,
    chunker: fixedSize({ chunkSize: 262144 }), layout: balanced({ maxChildrenPerNode: 174 }) },
  'unixfs-v1-2025': { cidVersion: 1, rawLeaves: true, reduceSingleLeafToSelf: true,
    chunker: fixedSize({ chunkSize: 1048576 }), layout: balanced({ maxChildrenPerNode: 1024 }) }
}

function candidates (root) {
  const stat = fs.lstatSync(root)
  if (stat.isFile()) {
    return [{ content: fs.createReadStream(root) }]
  }
  const out = []
  const walk = (dir, rel) => {
    const names = fs.readdirSync(dir)
    if (names.length === 0) out.push({ path: rel })
    for (const name of names) {
      const full = path.join(dir, name)
      const r = rel + '/' + name
      if (fs.lstatSync(full).isDirectory()) walk(full, r)
      else out.push({ path: r, content: fs.createReadStream(full) })
    }
  }
  walk(root, 'root')
  return out
}

for (const p of process.argv.slice(2)) {
  for (const [name, options] of Object.entries(profiles)) {
    const blockstore = new BlackHoleBlockstore() // only the CIDs are needed
    let last
    for await (const entry of importer(candidates(p), blockstore, { ...options, wrapWithDirectory: false })) {
      if (entry.path === undefined || entry.path === '' || entry.path === 'root') last = entry
      else if (last === undefined) last = entry
    }
    console.log(JSON.stringify({ path: p, profile: name, cid: last.cid.toString() }))
  }
}
