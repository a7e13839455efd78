// A server that cannot start: it says why and exits (the leftovers test starts it).
console.error('no DATABASE_URL');
process.exit(3);
