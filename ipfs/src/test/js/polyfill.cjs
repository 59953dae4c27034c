// js-ipfs 0.66 (through its libp2p dependencies) calls Promise.withResolvers, which Node only has from
// version 22 on. Loaded with NODE_OPTIONS=--require before anything else.
if (typeof Promise.withResolvers !== 'function') {
  Promise.withResolvers = function withResolvers () {
    let resolve
    let reject
    const promise = new Promise((res, rej) => { resolve = res; reject = rej })
    return { promise, resolve, reject }
  }
}
