def test_the_schema_lists_the_login_route(client):
    assert "/auth/login/" in client.simulate_get("/schema/").json["paths"]
