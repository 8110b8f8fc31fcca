<?php
/*
 * Plugin Name: levant test site: REST API switch
 * Description: Opens or closes WordPress's REST API the ways real sites do, by the
 * option levant_api_mode: "open" (default), "disabled" (no routes: 404),
 * "forbidden" (403 for anonymous requests) or "unauthorized" (401).
 */

add_filter('rest_endpoints', function ($endpoints) {
    return get_option('levant_api_mode', 'open') === 'disabled' ? [] : $endpoints;
});

add_filter('rest_authentication_errors', function ($result) {
    $mode = get_option('levant_api_mode', 'open');
    if ($mode === 'forbidden') {
        return new WP_Error('rest_forbidden', 'The REST API is closed on this site.', ['status' => 403]);
    }
    if ($mode === 'unauthorized') {
        return new WP_Error('rest_not_logged_in', 'You are not currently logged in.', ['status' => 401]);
    }
    return $result;
});
