/**
 * The demo accounts' password hashes, which the seed writes into `accounts`. Every demo password
 * is DEMO_PASSWORD (lib/common/demo-accounts.ts); each hash has its own salt.
 */
export const DEMO_PASSWORD_HASHES: Record<string, string> = {
  john: "scrypt$16384$8$1$yoleyjtCQ04KxyjBDk8_Zw$fQ_bwh7T5O5iBdDBWgv3obho4gOAbbBN8XGAUW1Et48",
  zia: "scrypt$16384$8$1$aDUlXN2dDDS3VMeImlqZiA$Mgz_UHjCGufng79MUm7-Kr-LxihmRZNDdwV8m6wpsa8",
  kevin: "scrypt$16384$8$1$GflhiH-VQqf5ze3m1hFRLA$rkUqSNJNmJBz_2MuKJRRNXlVhNvYTWk24XpquIO16U4",
  "dr-patel": "scrypt$16384$8$1$SYgTwfDTlXiSghmPAfDbeQ$32ycDzr0ULQYPvof9jdk4f7FMWWcilBjMg7ZG2WuPTg",
  "front-desk-north": "scrypt$16384$8$1$7tyc0gVfJKQxk3Orq4g3yg$v76jCjx0q9iucCmcyQ_3LZUbZY7hLgtvix6AQzfGBFU",
};
