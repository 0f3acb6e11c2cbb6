package io.candor.webhook;

import jakarta.enterprise.context.ApplicationScoped;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * Resolves a receiver's host name, once per check: the sender then connects to exactly the address it checked,
 * so a name that answers differently the second time (DNS rebinding) cannot lead it elsewhere. A bean of its own
 * so that tests can answer as a rebinding name server would.
 */
@ApplicationScoped
public class ReceiverResolver {

    public List<InetAddress> resolve(String host) throws UnknownHostException {
        return List.of(InetAddress.getAllByName(host));
    }
}
