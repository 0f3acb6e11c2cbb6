package io.candor.webhook;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.InetAddress;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The receiver address classifier, over the IANA special-purpose registries and the ways people write addresses. */
class ReceiverAddressesTest {

    @ParameterizedTest
    @ValueSource(strings = {
            "0.0.0.0", "0.1.2.3", "10.0.0.1", "10.255.255.255", "100.64.0.1", "100.127.255.254", "127.0.0.1", "127.1.2.3",
            "169.254.169.254", "169.254.0.1", "172.16.0.1", "172.31.255.255", "192.0.0.8", "192.0.2.1", "192.88.99.1",
            "192.168.1.1", "198.18.0.1", "198.19.255.255", "198.51.100.7", "203.0.113.9", "224.0.0.1", "239.255.255.250",
            "240.0.0.1", "255.255.255.255",
            "::", "::1", "::ffff:127.0.0.1", "::ffff:10.0.0.1", "::ffff:169.254.169.254", "::127.0.0.1", "64:ff9b::a9fe:a9fe",
            "64:ff9b::8.8.8.8", "64:ff9b:1::1", "100::1", "2001::1", "2001:0:4136:e378:8000:63bf:3fff:fdd2", "2001:db8::1",
            "2002:7f00:1::1", "2002:a9fe:a9fe::1", "2002:c0a8:0101::1", "3fff::1", "fc00::1", "fd12:3456::1", "fe80::1", "febf::1",
            "fec0::1", "ff02::1", "ff05::2"})
    void addressesThatAreNotGloballyReachableAreRefused(String address) throws Exception {
        assertFalse(ReceiverAddresses.isPublic(InetAddress.getByName(address)), address);
        assertTrue(ReceiverAddresses.refuseName(address.contains(":") ? "[" + address + "]" : address).isPresent(), address);
    }

    @ParameterizedTest
    @ValueSource(strings = {"8.8.8.8", "1.1.1.1", "93.184.215.14", "100.63.255.255", "100.128.0.1", "172.15.255.255", "172.32.0.1",
            "192.167.1.1", "198.17.255.255", "198.20.0.1", "223.255.255.254", "2606:4700::1111", "2a00:1450:4001::200e",
            "2002:808:808::1", "2001:4860:4860::8888", "3fff:1000::1"})
    void globalAddressesPass(String address) throws Exception {
        assertTrue(ReceiverAddresses.isPublic(InetAddress.getByName(address)), address);
        assertFalse(ReceiverAddresses.refuseName(address.contains(":") ? "[" + address + "]" : address).isPresent(), address);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            // IPv4 in forms the system resolver turns into addresses
            "2130706433", "0x7f000001", "0x7f.0.0.1", "0177.0.0.1", "127.1", "127.0.1", "017700000001", "0", "08.8.8.8", "8.8.8.08",
            "1.2.3.256", "999.1.1.1",
            // names that only exist inside a network, with and without a trailing dot or capitals
            "localhost", "LOCALHOST", "localhost.", "api.localhost", "printer.local", "metadata.google.internal", "metadata",
            "instance-data.ec2.internal", "db.svc", "kubernetes.default.svc", "web.default.svc.cluster.local", "router.lan",
            "nas.home.arpa", "intranet", "box.localdomain",
            // not host names at all
            "", ".", "a..b", "-x.example.com", "x y.example.com", "[fe80::1%eth0]"})
    void namesAndNumbersThatReachInsideTheNetworkAreRefused(String host) {
        assertTrue(ReceiverAddresses.refuseName(host).isPresent(), host);
    }

    @ParameterizedTest
    @ValueSource(strings = {"hooks.shop.example", "HOOKS.Shop.Example.", "webhooks.marketplace.co.uk", "a-b.c-d.example.net", "xn--bcher-kva.example"})
    void publicNamesMayBeTried(String host) {
        assertFalse(ReceiverAddresses.refuseName(host).isPresent(), host);
    }
}
