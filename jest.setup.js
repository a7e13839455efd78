// Tests run quietly, and with a cheaper password KDF: the default cost has a test of its own.
process.env.NODE_ENV = 'test';
process.env.LOG_LEVEL = process.env.LOG_LEVEL || 'silent';
process.env.SCRYPT_LOG2_N = process.env.SCRYPT_LOG2_N || '12';
