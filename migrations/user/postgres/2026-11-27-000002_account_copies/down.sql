DROP TABLE account_copies;
