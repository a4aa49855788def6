DROP TABLE credit_ledger;
