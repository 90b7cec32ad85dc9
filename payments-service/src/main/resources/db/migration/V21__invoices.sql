-- Invoices and credit notes, one gap-free series per year ("TG-2026-000001"). The counter row of a
-- series and year is incremented (and so locked) in the transaction that inserts the document: a rolled
-- back transaction gives its number back, concurrent issuers wait for each other, so numbers are 1..N.
create table invoice_counter (
    series      text   not null,
    year        int    not null,
    last_number bigint not null,
    primary key (series, year)
);

create table invoice (
    number             text        primary key,
    series             text        not null,
    year               int         not null,
    sequence           bigint      not null,
    kind               text        not null check (kind in ('INVOICE', 'CREDIT_NOTE')),
    account_id         text        not null,
    issued_at          timestamptz not null,
    payment_id         text        not null,
    payment_reference  text,
    -- a credit note: the invoice it cancels (reissue) or corrects (refund); a reissued invoice: the one it replaces
    related_number     text        references invoice (number),
    reason             text        not null check (reason in ('PURCHASE', 'REFUND', 'REISSUE_CANCELLATION', 'REISSUE')),
    currency           char(3)     not null,
    credits_cents      bigint      not null,
    fee_cents          bigint      not null,
    net_cents          bigint      not null,
    vat_rate_percent   numeric(5, 2) not null,
    vat_cents          bigint      not null,
    gross_cents        bigint      not null check (gross_cents = net_cents + vat_cents),
    vat_kind           text        not null,
    vat_country        char(2),
    vat_mention        text,
    customer_legal_name    text    not null,
    customer_address_lines text[]  not null,
    customer_postcode      text,
    customer_city          text,
    customer_country       text    not null,
    customer_vat_number    text,
    customer_email         text,
    seller_lines       text[]      not null,
    pdf                bytea       not null,
    unique (series, year, sequence)
);
create index invoice_by_account on invoice (account_id, issued_at);
-- one reissue per invoice: a second one would cancel the same invoice twice
create unique index invoice_one_cancellation on invoice (related_number) where reason = 'REISSUE_CANCELLATION';

create function invoice_is_append_only() returns trigger language plpgsql as $$
begin
    raise exception 'invoices are never changed or deleted: issue a credit note';
end $$;
create trigger invoice_append_only before update or delete on invoice
    for each row execute function invoice_is_append_only();

-- payments events already turned into documents (at-least-once delivery: a duplicate is a no-op)
create table invoicing_inbox (
    event_id     uuid        primary key,
    event_type   text        not null,
    processed_at timestamptz not null default now()
);

-- e-mail to send, recorded with the document in one transaction and sent after it commits
create table invoice_email (
    invoice_number text        primary key references invoice (number),
    recipient      text        not null,
    status         text        not null check (status in ('PENDING', 'SENT')),
    attempts       int         not null default 0,
    last_error     text,
    created_at     timestamptz not null default now(),
    sent_at        timestamptz
);
