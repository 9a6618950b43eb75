import { configFromEnv, describeConfig, WorkerConfigError } from '../../worker/config';

describe('worker configuration', () => {
  it('never prints the SMTP password, whether given as a URL or as parts', () => {
    const fromUrl = describeConfig(configFromEnv({ SMTP_URL: 'smtps://hopthu:MatKhau123@mail.skhcn-angiang.example:465' }));
    expect(fromUrl).toContain('smtps://hopthu:***@mail.skhcn-angiang.example:465');
    expect(fromUrl).not.toContain('MatKhau123');
    const fromParts = describeConfig(configFromEnv({ SMTP_HOST: 'mail.example', SMTP_USER: 'u', SMTP_PASSWORD: 'bimat', SMTP_PORT: '587' }));
    expect(fromParts).toContain('smtp://u:***@mail.example:587');
    expect(fromParts).not.toContain('bimat');
  });

  it('defaults to a local Temporal and the dondoc task queue', () => {
    expect(configFromEnv({})).toMatchObject({ temporalAddress: '127.0.0.1:7233', taskQueue: 'dondoc', store: { sqlitePath: 'data/dondoc.sqlite' } });
  });

  it('keeps the read model in PostgreSQL when DATABASE_URL is set, without printing its password', () => {
    const config = configFromEnv({ DATABASE_URL: 'postgres://dondoc:BiMat9@db.skhcn-angiang.example:5432/dondoc' });
    expect(config.store.databaseUrl).toBe('postgres://dondoc:BiMat9@db.skhcn-angiang.example:5432/dondoc');
    expect(describeConfig(config)).toContain('PostgreSQL postgres://dondoc:***@db.skhcn-angiang.example:5432/dondoc');
    expect(describeConfig(config)).not.toContain('BiMat9');
  });

  it('refuses a malformed number or switch by its name instead of running with NaN', () => {
    expect(() => configFromEnv({ SMTP_PORT: '25a' })).toThrow('SMTP_PORT="25a" không dùng được: cần một số nguyên từ 1 đến 65535.');
    expect(() => configFromEnv({ SMTP_PORT: '70000' })).toThrow(WorkerConfigError);
    expect(() => configFromEnv({ SMTP_SECURE: 'co' })).toThrow('SMTP_SECURE="co" không dùng được: ghi true hoặc false.');
    expect(() => configFromEnv({ DONDOC_MAX_CACHED_WORKFLOWS: '-5' })).toThrow('DONDOC_MAX_CACHED_WORKFLOWS="-5"');
    expect(configFromEnv({ SMTP_PORT: ' 587 ', SMTP_SECURE: 'TRUE', DONDOC_MAX_CACHED_WORKFLOWS: '2000' })).toMatchObject({ smtp: { port: 587, secure: true }, maxCachedWorkflows: 2000 });
    expect(configFromEnv({}).maxCachedWorkflows).toBeUndefined();
  });

  it('keeps the SDK to warnings unless DONDOC_LOG_LEVEL asks for more, and names a level it does not know', () => {
    expect(configFromEnv({}).logLevel).toBe('WARN');
    expect(configFromEnv({ DONDOC_LOG_LEVEL: ' info ' }).logLevel).toBe('INFO');
    expect(() => configFromEnv({ DONDOC_LOG_LEVEL: 'nhiều' })).toThrow('DONDOC_LOG_LEVEL="nhiều" không dùng được: ghi một trong TRACE, DEBUG, INFO, WARN, ERROR.');
  });
});
