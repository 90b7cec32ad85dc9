package dev.tollgate.metering;

import static io.restassured.RestAssured.given;

import io.restassured.specification.RequestSpecification;

/** The bearer tokens configured for tests (their SHA-256 is in the {@code %test} profile of application.properties). */
public final class TestTokens {

    public static final String OPERATOR = "operator-test-token";
    public static final String FINANCE = "finance-test-token";
    /** Role {@code account:acct_customer}. */
    public static final String CUSTOMER = "customer-test-token";
    public static final String CUSTOMER_ACCOUNT = "acct_customer";

    private TestTokens() {
    }

    public static RequestSpecification asOperator() {
        return given().auth().oauth2(OPERATOR);
    }

    public static RequestSpecification asFinance() {
        return given().auth().oauth2(FINANCE);
    }

    public static RequestSpecification asCustomer() {
        return given().auth().oauth2(CUSTOMER);
    }
}
